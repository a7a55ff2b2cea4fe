package io.netagent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointException;
import io.netagent.config.AttachmentRequestException;
import io.netagent.config.AttachmentRequests;
import io.netagent.config.ConfigException;
import io.netagent.config.ConfigLoader;
import io.netagent.config.ConfigProblem;
import io.netagent.config.LoadedConfig;
import io.netagent.config.NetworkRequests;
import io.netagent.kernel.DataPlaneProbe;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.Scope;
import io.netagent.metrics.Metrics;
import io.netagent.metrics.PortCount;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Operation;
import io.netagent.plan.Absence;
import io.netagent.plan.Owner;
import io.netagent.plan.Plan;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.Reconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.TreeSet;
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

  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /**
   * Test-only fault hook (SystemdServiceIT): with this system property {@code true}, read once
   * when the daemon is made, a reload stalls the loop for good instead, as a loop stuck in a
   * kernel call would, so that the test can show systemd restarting a daemon that no longer feeds
   * its watchdog. Never set it outside that test.
   */
  static final String STALL_ON_RELOAD = "netagent.testing.stallOnReload";

  /** Where attachments are kept across restarts and reboots: {@code $NETAGENT_DATA_DIR}, by default /var/lib/netagent. */
  public static final Path DATA_DIR = Path.of(System.getenv().getOrDefault("NETAGENT_DATA_DIR", "/var/lib/netagent"));

  private final Path configFile;
  private final Probation probation;
  private final Kernel kernel;
  private final Reconciler reconciler;
  private final Notifier notifier;
  private final Path stateDir;
  private final Options options;
  private final Metrics metrics;
  private final Relevance relevance = new Relevance();
  private final String started = Instant.now().toString();

  private final Object lock = new Object();
  private boolean dirty;
  private long firstEvent;
  private long lastEvent;
  /** When the first notification of the burst the coming EVENT pass answers arrived. */
  private long pendingSince;
  private boolean reloadRequested;
  private boolean stopRequested;

  private final Requests requests = new Requests();
  private final Attachments attachments;
  private final DeclaredNetworks networks;
  /** What the file declares. */
  private DesiredState file;
  /** Where {@link #file} came from, for status: the file, or the confirmed configuration after a rollback. */
  private String source;
  /** What the file declares and the attachments: what the daemon converges to. */
  private DesiredState desired;
  private volatile Views views = Views.EMPTY;
  private Plan lastPlan;
  private Set<String> troubles = Set.of();
  private volatile boolean ready;
  private long reconciles;
  private long driftRepaired;
  private long nextResync;
  private long nextRetry = Long.MAX_VALUE;
  private long nextWatchdog = Long.MAX_VALUE;
  private Duration retryDelay = FIRST_RETRY;
  private DaemonState.Reconcile lastReconcile;
  private DaemonState.Reload lastReload;
  private final boolean stallOnReload = Boolean.getBoolean(STALL_ON_RELOAD);
  /** The periodic data-plane probe, when {@link #probeEvery} switched it on. */
  private Optional<PeriodicProbe> probe = Optional.empty();
  private DaemonState.Probe lastProbe;

  Daemon(LoadedConfig config, Path configFile, Kernel kernel, Notifier notifier, Path stateDir, Path dataDir, Options options) {
    this(config, configFile, kernel, notifier, stateDir, dataDir, options, new Metrics());
  }

  Daemon(LoadedConfig config, Path configFile, Kernel kernel, Notifier notifier, Path stateDir, Path dataDir, Options options,
      Metrics metrics) {
    this.file = config.state();
    this.source = config.source();
    this.networks = DeclaredNetworks.restore(RecordStore.open(dataDir, RecordStore.NETWORKS), file, problem -> LOG.error("{}", problem));
    this.attachments = Attachments.restore(RecordStore.open(dataDir), networks.onTopOf(file), problem -> LOG.error("{}", problem));
    this.desired = attachments.onTopOf(networks.onTopOf(file));
    this.probation = new Probation(dataDir);
    this.configFile = configFile;
    this.kernel = kernel;
    this.reconciler = new Reconciler(kernel, PlanPolicy.daemon(options.manageNamespaces()));
    this.notifier = notifier;
    this.stateDir = stateDir;
    this.options = options;
    this.metrics = metrics;
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
    CompletableFuture<Attached> answer = new CompletableFuture<>();
    enqueue(new Requests.Attach(body, answer));
    return answer;
  }

  @Override
  public CompletableFuture<Boolean> declareNetwork(String body) {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    enqueue(new Requests.DeclareNetwork(body, answer));
    return answer;
  }

  @Override
  public CompletableFuture<Boolean> detach(String id) {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    enqueue(new Requests.Detach(id, answer));
    return answer;
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public List<AttachmentView> attachments() {
    return List.copyOf(views.attachments().values());
  }

  @Override
  public Optional<AttachmentView> attachment(String id) {
    return Optional.ofNullable(views.attachments().get(id));
  }

  @Override
  public List<NetworkView> networks() {
    return views.networks();
  }

  @Override
  public CompletableFuture<LiveView> inspect() {
    CompletableFuture<LiveView> answer = new CompletableFuture<>();
    enqueue(new Requests.Inspect(answer));
    return answer;
  }

  @Override
  public CompletableFuture<String> reload(Optional<Duration> confirmWithin) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    enqueue(new Requests.Reload(confirmWithin, answer));
    return answer;
  }

  @Override
  public CompletableFuture<String> confirm() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    enqueue(new Requests.Confirm(answer));
    return answer;
  }

  @Override
  public CompletableFuture<String> rollback() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    enqueue(new Requests.Rollback(answer));
    return answer;
  }

  @Override
  public CompletableFuture<List<PortCount>> portCounts() {
    CompletableFuture<List<PortCount>> answer = new CompletableFuture<>();
    enqueue(new Requests.Count(answer));
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
    LOG.info("starting: configuration {}, {} attachment(s), resync every {} s", configFile, attachments.size(),
        options.resync().toSeconds());
    refreshViews(false);
    reconcile(Work.START);
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
    writeState();
  }

  private void work(Work work) {
    if (work == Work.RELOAD) {
      reload();
    } else if (work == Work.ROLLBACK) {
      rollBack(probation.overdue());
    } else if (work == Work.REQUESTS) {
      serve();
    } else if (work == Work.EVENT) {
      reconcile(work, pendingSince, Scope.Extent.CHANGES);
    } else if (work == Work.PROBE) {
      probe.orElseThrow().run(desired, reconciler.lastObserved()).ifPresent(result -> {
        lastProbe = result;
        writeState();
      });
    } else if (work != Work.WATCHDOG) {
      reconcile(work);
    }
  }

  /** What the loop does next. */
  private enum Work {
    STOP("", ""),
    START("start", "start"),
    RELOAD("reload", "reload"),
    ROLLBACK("rollback of an unconfirmed reload", "rollback"),
    REQUESTS("api request", "api"),
    EVENT("kernel event", "event"),
    RESYNC("periodic resync", "resync"),
    RETRY("retry", "retry"),
    PROBE("periodic probe", "probe"),
    WATCHDOG("", "");

    final String reason;
    /** The {@code trigger} label of the reconcile metrics. */
    final String trigger;

    Work(String reason, String trigger) {
      this.reason = reason;
      this.trigger = trigger;
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
        if (now >= nextRetry) {
          return Work.RETRY;
        }
        if (now >= nextResync) {
          return Work.RESYNC;
        }
        long nextProbe = probe.map(PeriodicProbe::next).orElse(Long.MAX_VALUE);
        if (now >= nextProbe) {
          return Work.PROBE;
        }
        if (now >= nextWatchdog) {
          return Work.WATCHDOG;
        }
        long until = Math.min(Math.min(Math.min(Math.min(nextResync, nextRetry), nextWatchdog), nextProbe), probation.rollbackAt());
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

  private boolean reconcile(Work work) {
    return reconcile(work, System.nanoTime(), Scope.Extent.WHOLE);
  }

  /**
   * One pass. A pass a notification or a reload started reads again only what the notifications
   * say changed ({@link Scope.Extent#CHANGES}); its time counts from {@code since} (for a
   * notification, the first one).
   */
  private boolean reconcile(Work work, long since, Scope.Extent extent) {
    String reason = work.reason;
    long begin = since;
    List<String> repairs = new ArrayList<>();
    List<Operation> applied = new ArrayList<>();
    // Drift is what changed under the daemon: not what a reload or a request asks for, nor the first convergence.
    boolean drift = ready && work != Work.RELOAD && work != Work.REQUESTS;
    try {
      Plan plan = reconciler.apply(desired, extent, op -> {
        repairs.add(describe(op));
        applied.add(op);
      });
      long took = System.nanoTime() - begin;
      long millis = took / 1_000_000;
      reconciles++;
      metrics.reconciled(work.trigger, true, Duration.ofNanos(took));
      if (!plan.operations().isEmpty()) {
        if (ready && (work == Work.RELOAD || work == Work.ROLLBACK)) {
          // Not drift: what the new configuration asks for.
          LOG.info("applied the {} ({} operation(s), {} ms): {}", work == Work.ROLLBACK ? "rollback" : "reloaded configuration",
              plan.operations().size(), millis,
              String.join("; ", repairs));
        } else if (ready && work == Work.REQUESTS) {
          LOG.info("applied api requests ({} operation(s), {} ms): {}", plan.operations().size(), millis, String.join("; ", repairs));
        } else if (ready) {
          driftRepaired++;
          LOG.warn("drift repaired ({}, {} ms{}): {}", reason, millis, extent == Scope.Extent.CHANGES ? " from the first notification" : "",
              String.join("; ", repairs));
        } else {
          LOG.info("converged ({} operation(s), {} ms)", plan.operations().size(), millis);
        }
      } else {
        LOG.debug("reconcile ({}): no changes, {} ms", reason, millis);
      }
      plan.warnings().forEach(w -> LOG.warn("{}", w));
      lastPlan = plan;
      reportTroubles(plan);
      lastReconcile = new DaemonState.Reconcile(Instant.now().toString(), reason, "converged", repairs, null, millis);
      retryDelay = FIRST_RETRY;
      nextRetry = Long.MAX_VALUE;
      forgetEventsBefore(reconciler.lastObservedAt());
      watch(reconciler.lastObserved());
      if (!ready) {
        ready = true;
        notifier.ready(summary());
        LOG.info("ready: {}", summary());
      } else {
        notifier.status(summary());
      }
    } catch (RuntimeException | Error e) {
      // Any failure, expected or not, is retried: the daemon's job is to keep trying.
      if (Failures.isFatal(e)) {
        throw e;
      }
      long took = System.nanoTime() - begin;
      long millis = took / 1_000_000;
      reconciles++;
      metrics.reconciled(work.trigger, false, Duration.ofNanos(took));
      String why = Failures.describe(e);
      LOG.error("reconcile ({}) failed: {}; retrying in {} s", reason, why, retryDelay.toSeconds());
      LOG.debug("reconcile ({}) failed", reason, e);
      lastReconcile = new DaemonState.Reconcile(Instant.now().toString(), reason, "failed", repairs, why, millis);
      nextRetry = System.nanoTime() + retryDelay.toNanos();
      retryDelay = retryDelay.multipliedBy(2).compareTo(options.resync()) > 0 ? options.resync() : retryDelay.multipliedBy(2);
      notifier.status("reconcile failed, retrying: " + firstLine(why));
      if (reconciler.lastObserved() != null) {
        watch(reconciler.lastObserved());
      }
    }
    nextResync = System.nanoTime() + options.resync().toNanos();
    if (drift) {
      applied.forEach(op -> metrics.driftRepaired(DriftKind.of(op), 1));
    }
    metrics.conflicts(lastPlan == null ? 0 : lastPlan.conflicts().size());
    metrics.attachments(attachments.size());
    refreshViews(!"converged".equals(lastReconcile.result()));
    writeState();
    return "converged".equals(lastReconcile.result());
  }

  /** A reload, confirm or rollback asked through the API, done on its own pass and answered with what was done or why not. */
  private static void change(CompletableFuture<String> answer, Supplier<String> step) {
    try {
      answer.complete(step.get());
    } catch (CheckpointException e) {
      answer.completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.CONFLICT, e.getMessage(), List.of()));
    } catch (RequestRejectedException e) {
      answer.completeExceptionally(e);
    }
  }

  /** An attachment made by this batch, waiting for the pass that wires it. */
  private record Admitted(Requests.Attach request, Attachments.Attachment attachment) {}

  /**
   * Serves the requests that arrived together: each attach is checked, saved and added, each
   * detach removed, then one pass converges the kernel for all of them and each is answered. An
   * attachment the pass could not wire (its namespace gone meanwhile, a conflict) is taken back
   * and answered with why.
   */
  private void serve() {
    List<Requests.Request> batch = requests.takeAll();
    try {
      serve(batch);
    } catch (RuntimeException | Error e) {
      // Whatever was not answered yet is answered now: nobody waits for a pass that will not come.
      Requests.fail(batch, new RequestRejectedException(RequestRejectedException.Kind.FAILED, Failures.describe(e), List.of()));
      throw e;
    }
  }

  private void serve(List<Requests.Request> batch) {
    List<Admitted> admitted = new ArrayList<>();
    List<Requests.Detach> detached = new ArrayList<>();
    List<Requests.Inspect> inspections = new ArrayList<>();
    List<Requests.DeclareNetwork> declared = new ArrayList<>();
    for (Requests.Request request : batch) {
      if (request instanceof Requests.Reload reload) {
        change(reload.answer(), () -> reloadFile(reload.confirmWithin()));
      } else if (request instanceof Requests.Confirm confirm) {
        change(confirm.answer(), () -> probation.confirm("netagent confirm, through the daemon's API"));
      } else if (request instanceof Requests.Rollback rollback) {
        change(rollback.answer(), () -> rollBack("netagent rollback asked for it"));
      } else if (request instanceof Requests.Count count) {
        count(count);
      } else if (request instanceof Requests.DeclareNetwork network) {
        if (declare(network)) {
          declared.add(network);
        }
      } else if (request instanceof Requests.Attach attach) {
        admit(attach).ifPresent(admitted::add);
      } else if (request instanceof Requests.Detach detach) {
        if (withdraw(detach.id())) {
          detached.add(detach);
        } else {
          detach.answer().complete(false);
        }
      } else if (request instanceof Requests.Inspect inspect) {
        inspections.add(inspect);
      }
    }
    if (!admitted.isEmpty() || !detached.isEmpty() || !declared.isEmpty()) {
      boolean converged = settle(admitted);
      detached.forEach(d -> d.answer().complete(true));
      declared.forEach(n -> n.answer().complete(true));
      if (!converged && admitted.size() > 1) {
        // One request the kernel refuses (a bridge full at 1024 ports: EXFULL) must not fail the
        // others that came with it: all were taken back, now each is tried on its own.
        for (Admitted a : admitted) {
          admit(a.request()).ifPresent(again -> settle(List.of(again)));
        }
      }
    }
    for (Requests.Inspect inspect : inspections) {
      try {
        inspect.answer().complete(new LiveView(source, desired, reconciler.plan(desired), state(), probation.statusLine()));
      } catch (RuntimeException e) {
        inspect.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
            "cannot read the kernel: " + e.getMessage(), List.of()));
      }
    }
  }

  /** Reads the published ports' counters now, on the loop: the kernel adapter serves one caller at a time. */
  private void count(Requests.Count request) {
    try {
      request.answer().complete(PortCounts.of(desired, kernel.portTraffic()));
    } catch (RuntimeException e) {
      request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "cannot read the published ports' counters: " + Failures.describe(e), List.of()));
    }
  }

  /**
   * Converges the kernel for what was just admitted and detached, in one pass, and answers each
   * admitted request. One the pass could not wire is taken back (its record deleted, what it left
   * withdrawn by a second pass); when the pass failed, every one is, and is answered only if it
   * was alone (a batch is tried again one by one).
   *
   * @return whether the first pass converged
   */
  private boolean settle(List<Admitted> admitted) {
    writeState();
    boolean converged = reconcile(Work.REQUESTS, System.nanoTime(), Scope.Extent.CHANGES);
    List<Admitted> unwired = admitted.stream().filter(a -> !converged || !isWired(a.attachment())).toList();
    List<RequestRejectedException> why = unwired.stream().map(a -> whyNotWired(a.attachment(), converged)).toList();
    unwired.forEach(a -> withdraw(a.attachment().id()));
    if (!unwired.isEmpty()) {
      reconcile(Work.REQUESTS, System.nanoTime(), Scope.Extent.CHANGES);
    }
    if (converged || admitted.size() == 1) {
      for (int i = 0; i < unwired.size(); i++) {
        unwired.get(i).request().answer().completeExceptionally(why.get(i));
      }
    }
    admitted.stream().filter(a -> !unwired.contains(a))
        .forEach(a -> a.request().answer().complete(new Attached(views.attachments().get(a.attachment().id()), true)));
    return converged;
  }

  /** Checks, saves and adds one attach request; answers it at once when it is refused or a retry of one in force. */
  private Optional<Admitted> admit(Requests.Attach request) {
    Optional<JsonNode> tree = Attachments.parse(request.body());
    Optional<Attachments.Attachment> existing = tree.map(t -> t.path("id")).filter(JsonNode::isTextual).map(JsonNode::asText)
        .flatMap(attachments::get);
    if (existing.isPresent()) {
      if (existing.get().request().equals(tree.get())) {
        request.answer().complete(new Attached(views.attachments().get(existing.get().id()), false));
      } else {
        request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.CONFLICT,
            "attachment " + existing.get().id() + " already exists with another request; detach it first", List.of(
                new RequestRejectedException.FieldProblem("id", "is in use by an attachment made " + existing.get().created()))));
      }
      return Optional.empty();
    }
    try {
      AttachmentRequests.Resolved resolved = AttachmentRequests.resolve(request.body(), desired, AttachmentRequests.Allocated.NONE);
      NamespaceRef ns = resolved.container().namespace();
      Optional<String> problem = kernel.namespaceProblem(ns);
      if (problem.isPresent()) {
        throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, "namespace " + ns.display() + " " + problem.get(),
            List.of(new RequestRejectedException.FieldProblem("namespace", ns.display() + " " + problem.get())));
      }
      Attachments.Attachment attachment = attachments.add(resolved, tree.orElseThrow());
      desired = desired.withContainer(resolved.container());
      return Optional.of(new Admitted(request, attachment));
    } catch (AttachmentRequestException e) {
      RequestRejectedException.Kind kind = e.why() == AttachmentRequestException.Why.INVALID
          ? RequestRejectedException.Kind.INVALID : RequestRejectedException.Kind.CONFLICT;
      request.answer().completeExceptionally(new RequestRejectedException(kind, Attachments.summary(e.problems()),
          e.problems().stream().map(p -> new RequestRejectedException.FieldProblem(p.path(), p.message())).toList()));
    } catch (RequestRejectedException e) {
      request.answer().completeExceptionally(e);
    } catch (RuntimeException e) {
      LOG.error("attach request failed: {}", e.getMessage());
      LOG.debug("attach request failed", e);
      request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "the attachment could not be saved: " + e.getMessage(), List.of()));
    }
    return Optional.empty();
  }

  /**
   * Removes an attachment (durably) from what the daemon converges to, and the network declared
   * through the API it was the last one on; false when there is none.
   */
  private boolean withdraw(String id) {
    Optional<Attachments.Attachment> attachment = attachments.get(id);
    if (attachment.isEmpty()) {
      return false;
    }
    attachments.remove(id);
    String network = attachment.get().container().network();
    desired = desired.withoutContainer(attachment.get().container().name());
    if (networks.get(network).isPresent() && desired.containersOn(network).isEmpty()) {
      networks.remove(network);
      desired = desired.withoutNetwork(network);
    }
    return true;
  }

  /**
   * Checks and saves a network declared through the API; answers at once when it is refused or
   * already there (false). True: it is new, to be answered after the pass that makes its bridge.
   */
  private boolean declare(Requests.DeclareNetwork request) {
    try {
      Network network = NetworkRequests.resolve(request.body(), desired);
      if (desired.network(network.name()).isPresent()) {
        request.answer().complete(false);
        return false;
      }
      networks.add(network, Attachments.parse(request.body()).orElseThrow());
      desired = desired.withNetwork(network);
      return true;
    } catch (AttachmentRequestException e) {
      RequestRejectedException.Kind kind = e.why() == AttachmentRequestException.Why.INVALID
          ? RequestRejectedException.Kind.INVALID : RequestRejectedException.Kind.CONFLICT;
      request.answer().completeExceptionally(new RequestRejectedException(kind, Attachments.summary(e.problems()),
          e.problems().stream().map(p -> new RequestRejectedException.FieldProblem(p.path(), p.message())).toList()));
    } catch (RuntimeException e) {
      LOG.error("network declaration failed: {}", e.getMessage());
      request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "the network could not be saved: " + e.getMessage(), List.of()));
    }
    return false;
  }

  private boolean isWired(Attachments.Attachment attachment) {
    Owner owner = Owner.container(attachment.container().name());
    return lastPlan.absences().stream().noneMatch(a -> a.owner().equals(owner))
        && lastPlan.conflicts().stream().noneMatch(c -> c.owner().equals(owner));
  }

  private RequestRejectedException whyNotWired(Attachments.Attachment attachment, boolean converged) {
    if (!converged) {
      return new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "the kernel did not converge: " + lastReconcile.error() + "; the attachment was taken back", List.of());
    }
    Owner owner = Owner.container(attachment.container().name());
    Optional<Absence> absence = lastPlan.absences().stream().filter(a -> a.owner().equals(owner)).findFirst();
    if (absence.isPresent()) {
      String message = "namespace " + absence.get().namespace().display() + " is gone";
      return new RequestRejectedException(RequestRejectedException.Kind.INVALID, message,
          List.of(new RequestRejectedException.FieldProblem("namespace", message)));
    }
    List<RequestRejectedException.FieldProblem> problems = lastPlan.conflicts().stream().filter(c -> c.owner().equals(owner))
        .map(c -> new RequestRejectedException.FieldProblem("", c.toString())).toList();
    return new RequestRejectedException(RequestRejectedException.Kind.CONFLICT, "blocked by " + problems.size()
        + " conflict(s) in the kernel: " + String.join("; ", problems.stream().map(RequestRejectedException.FieldProblem::message).toList()),
        problems);
  }

  private void refreshViews(boolean failed) {
    views = Views.of(desired, attachments.all(), lastPlan, failed);
  }

  /**
   * Logs what blocks part of the configuration and which containers are absent, when that
   * changes (not on every pass: a stopped container is no news the second time).
   */
  private void reportTroubles(Plan plan) {
    Set<String> now = new LinkedHashSet<>();
    plan.absences().forEach(a -> now.add(a.toString()));
    plan.conflicts().forEach(c -> now.add(c.owner() + " blocked: " + c));
    now.stream().filter(t -> !troubles.contains(t)).forEach(t -> LOG.warn("{}", t));
    troubles.stream().filter(t -> !now.contains(t)).forEach(t -> LOG.info("no longer: {}", t));
    troubles = now;
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

  /**
   * Follows the declared namespaces (they appear and go as the configuration and the kernel
   * change). A namespace netagent made but no longer declares is not followed: it is about to be
   * deleted (or left to the namespaces unit), and the notifications of a thousand of them going
   * would only slow the kernel and the daemon down while it deletes them.
   */
  private void watch(ObservedState observed) {
    relevance.update(desired, observed);
    kernel.watch(new TreeSet<>(desired.namespaces()), this::onEvent);
  }

  /** SIGHUP: a rejected reload is logged and recorded in daemon.json; nobody waits for an answer. */
  private void reload() {
    try {
      reloadFile(Optional.empty());
    } catch (RequestRejectedException e) {
      LOG.debug("reload rejected: {}", e.getMessage());
    }
  }

  /**
   * Re-reads the configuration file and applies it; with {@code confirmWithin}, the change is
   * first recorded as waiting for confirmation (durably, before the kernel is touched) and rolled
   * back at its deadline unless confirmed.
   *
   * @return what was done, for the API
   * @throws RequestRejectedException when the file is invalid, clashes with attachments, or a change already waits
   */
  private String reloadFile(Optional<Duration> confirmWithin) {
    if (stallOnReload) {
      LOG.warn("test-only fault hook {}: the loop stalls instead of reloading", STALL_ON_RELOAD);
      while (true) {
        LockSupport.park(this);
      }
    }
    notifier.reloading();
    LOG.info("reloading {}{}", configFile, confirmWithin.map(w -> " (to be confirmed within " + w.toSeconds() + " s)").orElse(""));
    try {
      Optional<String> waiting = probation.waiting();
      if (waiting.isPresent()) {
        throw rejected(RequestRejectedException.Kind.CONFLICT, waiting.get(), List.of());
      }
      String text = ConfigLoader.read(configFile);
      LoadedConfig loaded = ConfigLoader.parse(configFile, text);
      List<String> clashes = new ArrayList<>(networks.clashesWith(loaded.state()));
      if (clashes.isEmpty()) {
        clashes.addAll(attachments.clashesWith(networks.onTopOf(loaded.state())));
      }
      if (!clashes.isEmpty()) {
        // A reload never drops an attachment: the runtime that made it was told it exists.
        throw rejected(RequestRejectedException.Kind.INVALID, "the new " + configFile + " clashes with " + clashes.size()
            + " attachment(s)", clashes);
      }
      Checkpoint.Configuration reloaded = new Checkpoint.Configuration(configFile.toString(), text, Instant.now());
      Optional<Checkpoint> begun = confirmWithin.map(w -> probation.begin(reloaded, w));
      file = loaded.state();
      source = loaded.source();
      desired = attachments.onTopOf(networks.onTopOf(file));
      lastReload = new DaemonState.Reload(Instant.now().toString(), "applied", List.of());
      LOG.info("reloaded {}", configFile);
      if (reconciler.lastObserved() != null) {
        watch(reconciler.lastObserved());
      }
      // The kernel did not change with the file: what notifications say of it holds.
      boolean converged = reconcile(Work.RELOAD, System.nanoTime(), Scope.Extent.CHANGES);
      if (begun.isEmpty()) {
        if (converged) {
          probation.confirmed(reloaded);
        }
        return "Reloaded " + configFile + (converged ? "; the kernel matches it." : "; the kernel did not converge yet: " + lastReconcile.error());
      }
      if (!converged) {
        throw new RequestRejectedException(RequestRejectedException.Kind.FAILED, rollBack("the change failed: " + lastReconcile.error()),
            List.of());
      }
      return probation.applied(begun.get(), configFile);
    } catch (ConfigException e) {
      throw rejected(RequestRejectedException.Kind.INVALID, e.count() + " problem(s) in " + configFile,
          e.problems().stream().map(ConfigProblem::toString).toList());
    } finally {
      // Told even when the reload failed otherwise: systemd would wait for it to end.
      notifier.ready(summary());
    }
  }

  /** A rejected reload, logged and recorded; the last good configuration stays in force. */
  private RequestRejectedException rejected(RequestRejectedException.Kind kind, String why, List<String> problems) {
    problems.forEach(p -> LOG.error("{}", p));
    LOG.error("reload rejected: {}; the last good configuration stays in force", why);
    lastReload = new DaemonState.Reload(Instant.now().toString(), "rejected", problems.isEmpty() ? List.of(why) : problems);
    writeState();
    return new RequestRejectedException(kind, "reload rejected: " + why,
        problems.stream().map(p -> new RequestRejectedException.FieldProblem("", p)).toList());
  }

  /**
   * Rolls the change that waits for confirmation back: the daemon converges to the confirmed
   * configuration (and its attachments) and keeps running it until the next reload. The outcome
   * is recorded even when this pass fails: the loop retries converging to it like any other.
   */
  private String rollBack(String why) {
    Checkpoint marked = probation.rollingBack();
    Checkpoint.Pending change = marked.pending().orElseThrow();
    LOG.warn("rolling back {}: {}; returning to {}", change.describe(), why, marked.describeTarget());
    file = marked.target();
    source = marked.describeTarget() + ", after a rollback";
    desired = attachments.onTopOf(networks.onTopOf(file));
    if (reconciler.lastObserved() != null) {
      watch(reconciler.lastObserved());
    }
    boolean converged = reconcile(Work.ROLLBACK, System.nanoTime(), Scope.Extent.CHANGES);
    probation.rolledBack(why);
    String message = "Rolled back " + change.describe() + " to " + marked.describeTarget()
        + (converged ? "" : "; the kernel did not converge yet (retrying): " + lastReconcile.error());
    LOG.warn("{}; {} still holds the change: the daemon runs the confirmed configuration until the next reload", message, configFile);
    return message + ".";
  }

  private String summary() {
    String result = lastReconcile == null ? "not reconciled yet" : lastReconcile.result() + " at " + lastReconcile.at();
    String reload = lastReload != null && lastReload.result().equals("rejected") ? "; last reload rejected" : "";
    return desired.networks().size() + " network(s), " + desired.containers().size() + " container(s) (" + attachments.size()
        + " attached through the API); " + result
        + "; drift repaired " + driftRepaired + " time(s)" + reload;
  }

  private DaemonState state() {
    return new DaemonState(ProcessHandle.current().pid(), started, configFile.toString(), ready, reconciles, driftRepaired, lastReconcile,
        lastReload, attachments.size(), views.absent(), views.blocked(), lastProbe);
  }

  private void writeState() {
    try {
      state().write(stateDir);
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
  }

  private static String describe(Operation op) {
    return op.action().symbol() + " " + op.describe() + " (" + op.reason().text() + ")";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
