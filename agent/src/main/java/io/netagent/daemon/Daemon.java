package io.netagent.daemon;

import io.netagent.config.LoadedConfig;
import io.netagent.kernel.DataPlaneProbe;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.Scope;
import io.netagent.metrics.Metrics;
import io.netagent.metrics.PortCount;
import io.netagent.model.DesiredState;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.Reconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code netagent run}: converges the kernel, then keeps it converged. A change the kernel
 * reports (debounced: a burst of notifications makes one reconcile), a lost notification
 * (ENOBUFS), a namespace gone, the periodic resync (which also catches nftables drift, which
 * sends no notification here), a reload, and the live API's requests (those that arrive
 * together make one pass) each lead to one reconcile: observe, plan, apply, verify. A failed
 * reconcile is retried with a growing delay. Plans follow {@link PlanPolicy#daemon}: a container
 * whose namespace is gone is absent, and a conflict blocks only its owner. The kernel state
 * stays when the daemon stops: {@code netagent down} is the explicit teardown.
 *
 * <p>Attachments made through the API are saved durably ({@link RecordStore}) before they
 * are answered, and restored when the daemon starts.
 *
 * <p>This class is the loop and its wiring: one pass is {@link Passes}, the API's requests are
 * served by {@link Serving}, reloads and rollbacks done by {@link Reloads}; what the daemon
 * converges to is its {@link Target}, and what it shows of itself its {@link Status}.
 */
public final class Daemon implements AgentService {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  /**
   * Timings.
   *
   * @param resync how often to reconcile without being asked
   * @param quiet how long notifications must pause before a reconcile (a burst makes one)
   * @param maxDelay how long a reconcile may wait for a burst to end
   * @param manageNamespaces whether the daemon creates and deletes named namespaces itself
   */
  public record Options(Duration resync, Duration quiet, Duration maxDelay, boolean manageNamespaces) {
    public static Options defaults(Duration resync, boolean manageNamespaces) {
      return new Options(resync, Duration.ofMillis(20), Duration.ofMillis(200), manageNamespaces);
    }
  }

  /** Where attachments are kept across restarts and reboots: {@code $NETAGENT_DATA_DIR}, by default /var/lib/netagent. */
  public static final Path DATA_DIR = Path.of(System.getenv().getOrDefault("NETAGENT_DATA_DIR", "/var/lib/netagent"));

  private final Path configFile;
  private final Probation probation;
  private final Reconciler reconciler;
  private final Notifier notifier;
  private final Options options;
  private final Relevance relevance = new Relevance();

  private final Object lock = new Object();
  private boolean dirty;
  private long firstEvent;
  private long lastEvent;
  /** When the first notification of the burst the coming EVENT pass answers arrived. */
  private long pendingSince;
  private boolean reloadRequested;
  private boolean stopRequested;

  private final Requests requests = new Requests();
  private final Target target;
  private final Status status;
  private final Passes passes;
  private final Reloads reloads;
  private final Serving serving;
  private long nextWatchdog = Long.MAX_VALUE;
  /** The periodic data-plane probe, when {@link #probeEvery} switched it on. */
  private Optional<PeriodicProbe> probe = Optional.empty();

  Daemon(LoadedConfig config, Path configFile, Kernel kernel, Notifier notifier, Path stateDir, Path dataDir, Options options) {
    this(config, configFile, kernel, notifier, stateDir, dataDir, options, new Metrics());
  }

  Daemon(LoadedConfig config, Path configFile, Kernel kernel, Notifier notifier, Path stateDir, Path dataDir, Options options,
      Metrics metrics) {
    this.target = new Target(config, dataDir);
    this.probation = new Probation(dataDir);
    this.configFile = configFile;
    this.reconciler = new Reconciler(kernel, PlanPolicy.daemon(options.manageNamespaces()));
    this.notifier = notifier;
    this.options = options;
    this.status = new Status(configFile, stateDir, target);
    this.passes = new Passes(kernel, reconciler, relevance, this::onEvent, this::forgetEventsBefore, target, status, notifier, metrics,
        options);
    this.reloads = new Reloads(configFile, target, status, passes, probation, notifier);
    this.serving = new Serving(requests, target, status, passes, reloads, probation, kernel, reconciler);
  }

  /**
   * A daemon for the configuration at {@code configFile}, talking to systemd when started by it,
   * recording what it does in {@code metrics}.
   */
  public static Daemon create(LoadedConfig config, Path configFile, Kernel kernel, Path stateDir, Path dataDir, Options options,
      Metrics metrics) {
    return new Daemon(config, configFile, kernel, Notifier.fromEnvironment(), stateDir, dataDir, options, metrics);
  }

  /** Runs the data-plane probe every {@code every} on the loop, logging its failures; call before {@link #run}. */
  public void probeEvery(Duration every, DataPlaneProbe dataPlane) {
    probe = Optional.of(new PeriodicProbe(every, dataPlane));
  }

  /**
   * What a daemon would converge to: {@code file} and the attachments saved under
   * {@code dataDir}. Read only, for {@code down} and {@code status} when no daemon runs.
   */
  public static DesiredState declaredWithSavedAttachments(DesiredState file, Path dataDir) {
    return Attachments.peek(dataDir, DeclaredNetworks.peek(dataDir, file));
  }

  @Override
  public CompletableFuture<Attached> attach(String body) {
    return ask(answer -> new Requests.Attach(body, answer));
  }

  @Override
  public CompletableFuture<Boolean> declareNetwork(String body) {
    return ask(answer -> new Requests.DeclareNetwork(body, answer));
  }

  @Override
  public CompletableFuture<Boolean> detach(String id) {
    return ask(answer -> new Requests.Detach(id, answer));
  }

  @Override
  public boolean ready() {
    return status.ready();
  }

  @Override
  public List<AttachmentView> attachments() {
    return List.copyOf(status.views().attachments().values());
  }

  @Override
  public Optional<AttachmentView> attachment(String id) {
    return Optional.ofNullable(status.views().attachments().get(id));
  }

  @Override
  public List<NetworkView> networks() {
    return status.views().networks();
  }

  @Override
  public CompletableFuture<LiveView> inspect() {
    return ask(Requests.Inspect::new);
  }

  @Override
  public CompletableFuture<String> reload(Optional<Duration> confirmWithin) {
    return ask(answer -> new Requests.Reload(confirmWithin, answer));
  }

  @Override
  public CompletableFuture<String> confirm() {
    return ask(Requests.Confirm::new);
  }

  @Override
  public CompletableFuture<String> rollback() {
    return ask(Requests.Rollback::new);
  }

  @Override
  public CompletableFuture<List<PortCount>> portCounts() {
    return ask(Requests.Count::new);
  }

  /** Queues the request {@code request} makes of its answer for the loop, and returns that answer. */
  private <T> CompletableFuture<T> ask(Function<CompletableFuture<T>, Requests.Request> request) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    enqueue(request.apply(answer));
    return answer;
  }

  private void enqueue(Requests.Request request) {
    synchronized (lock) {
      requests.add(request);
      if (stopRequested) {
        requests.failAll(stopping());
      }
      lock.notifyAll();
    }
  }

  private static RequestRejectedException stopping() {
    return new RequestRejectedException(RequestRejectedException.Kind.UNAVAILABLE, "the daemon is stopping", List.of());
  }

  /** Asks the loop to re-read the configuration (SIGHUP, systemctl reload). */
  public void requestReload() {
    synchronized (lock) {
      reloadRequested = true;
      lock.notifyAll();
    }
  }

  /** Asks the loop to stop after the reconcile in progress (SIGTERM). */
  public void requestStop() {
    synchronized (lock) {
      stopRequested = true;
      lock.notifyAll();
    }
  }

  /**
   * Runs until asked to stop; the kernel state stays as it is. Whatever one pass throws is logged
   * and the loop goes on (see {@link Failures}), unless the JVM itself is in doubt: then the
   * requests waiting are answered and the error is thrown on, for the process to end with it.
   */
  public void run() {
    LOG.info("starting: configuration {}, {} attachment(s), resync every {} s", configFile, target.attachments().size(),
        options.resync().toSeconds());
    status.refreshViews(false);
    passes.reconcile(Work.START);
    aliveNow();
    while (true) {
      Work work = awaitWork();
      if (work == Work.STOP) {
        break;
      }
      try {
        work(work);
      } catch (RuntimeException | Error e) {
        if (Failures.isFatal(e)) {
          synchronized (lock) {
            requests.failAll(stopping());
          }
          throw e;
        }
        LOG.error("{} failed: {}; going on", work.reason, Failures.describe(e));
        LOG.debug("{} failed", work.reason, e);
      }
      aliveNow();
    }
    synchronized (lock) {
      requests.failAll(stopping());
    }
    LOG.info("stopping; the kernel state stays (netagent down removes it)");
    notifier.stopping();
    status.writeState();
  }

  private void work(Work work) {
    if (work == Work.RELOAD) {
      reloads.reload();
    } else if (work == Work.ROLLBACK) {
      reloads.rollBack(probation.overdue());
    } else if (work == Work.REQUESTS) {
      serving.serve();
    } else if (work == Work.EVENT) {
      passes.reconcile(work, pendingSince, Scope.Extent.CHANGES);
    } else if (work == Work.PROBE) {
      probe.orElseThrow().run(target.desired(), reconciler.lastObserved()).ifPresent(result -> {
        status.probed(result);
        status.writeState();
      });
    } else if (work != Work.WATCHDOG) {
      passes.reconcile(work);
    }
  }

  /** Tells the watchdog the loop is alive; only the loop does, so a stuck loop gets restarted. */
  private void aliveNow() {
    notifier.watchdog();
    nextWatchdog = notifier.watchdogInterval().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
  }

  /** Waits for the next thing to do, waking at least as often as the watchdog needs. */
  private Work awaitWork() {
    synchronized (lock) {
      while (true) {
        long now = System.nanoTime();
        if (stopRequested) {
          return Work.STOP;
        }
        if (reloadRequested) {
          reloadRequested = false;
          return Work.RELOAD;
        }
        if (!requests.isEmpty()) {
          return Work.REQUESTS;
        }
        if (dirty && (now - lastEvent >= options.quiet().toNanos() || now - firstEvent >= options.maxDelay().toNanos())) {
          dirty = false;
          pendingSince = firstEvent;
          return Work.EVENT;
        }
        if (now >= probation.rollbackAt()) {
          return Work.ROLLBACK;
        }
        if (now >= passes.nextRetry()) {
          return Work.RETRY;
        }
        if (now >= passes.nextResync()) {
          return Work.RESYNC;
        }
        long nextProbe = probe.map(PeriodicProbe::next).orElse(Long.MAX_VALUE);
        if (now >= nextProbe) {
          return Work.PROBE;
        }
        if (now >= nextWatchdog) {
          return Work.WATCHDOG;
        }
        long until = LongStream.of(passes.nextResync(), passes.nextRetry(), nextWatchdog, nextProbe, probation.rollbackAt()).min().getAsLong();
        if (dirty) {
          until = Math.min(until, Math.min(lastEvent + options.quiet().toNanos(), firstEvent + options.maxDelay().toNanos()));
        }
        long wait = Math.max(1, Math.min(until - now, Duration.ofMinutes(1).toNanos()));
        try {
          lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Work.STOP;
        }
      }
    }
  }

  private void onEvent(KernelEvent event) {
    if (!relevance.matters(event)) {
      return;
    }
    if (event.kind() == KernelEvent.Kind.OVERRUN) {
      LOG.warn("kernel notifications of namespace {} were lost; reading everything again", event.namespace().display());
    }
    synchronized (lock) {
      long now = System.nanoTime();
      if (!dirty) {
        firstEvent = now;
      }
      dirty = true;
      lastEvent = now;
      lock.notifyAll();
    }
  }

  /**
   * Drops the notifications that arrived before the verifying observation began: it saw the
   * changes they announced (most of them this reconcile's own), so they need no second pass.
   */
  private void forgetEventsBefore(long observedAt) {
    synchronized (lock) {
      if (dirty && lastEvent < observedAt) {
        dirty = false;
      }
    }
  }
}
