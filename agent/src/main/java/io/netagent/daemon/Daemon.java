package io.netagent.daemon;

import io.netagent.config.ConfigException;
import io.netagent.config.ConfigLoader;
import io.netagent.config.ConfigProblem;
import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.Scope;
import io.netagent.model.DesiredState;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Operation;
import io.netagent.plan.Plan;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.Reconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code netagent run}: converges the kernel, then keeps it converged. A change the kernel
 * reports (debounced: a burst of notifications makes one reconcile), a lost notification
 * (ENOBUFS), the periodic resync (which also catches nftables drift, which sends no
 * notification here), and a reload each lead to one reconcile: observe, plan, apply, verify.
 * A failed reconcile is retried with a growing delay. The kernel state stays when the daemon
 * stops: {@code netagent down} is the explicit teardown.
 */
public final class Daemon {
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

  private final Path configFile;
  private final Kernel kernel;
  private final Reconciler reconciler;
  private final Notifier notifier;
  private final Path stateDir;
  private final Options options;
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

  private DesiredState desired;
  private boolean ready;
  private long reconciles;
  private long driftRepaired;
  private long nextResync;
  private long nextRetry = Long.MAX_VALUE;
  private long nextWatchdog = Long.MAX_VALUE;
  private Duration retryDelay = FIRST_RETRY;
  private DaemonState.Reconcile lastReconcile;
  private DaemonState.Reload lastReload;

  Daemon(LoadedConfig config, Path configFile, Kernel kernel, Notifier notifier, Path stateDir, Options options) {
    this.desired = config.state();
    this.configFile = configFile;
    this.kernel = kernel;
    this.reconciler = new Reconciler(kernel, PlanPolicy.daemon(options.manageNamespaces()));
    this.notifier = notifier;
    this.stateDir = stateDir;
    this.options = options;
  }

  /** A daemon for the configuration at {@code configFile}, talking to systemd when started by it. */
  public static Daemon create(LoadedConfig config, Path configFile, Kernel kernel, Path stateDir, Options options) {
    return new Daemon(config, configFile, kernel, Notifier.fromEnvironment(), stateDir, options);
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

  /** Runs until asked to stop; the kernel state stays as it is. */
  public void run() {
    LOG.info("starting: configuration {}, resync every {} s", configFile, options.resync().toSeconds());
    reconcile(Work.START);
    aliveNow();
    while (true) {
      Work work = awaitWork();
      if (work == Work.STOP) {
        break;
      }
      if (work == Work.RELOAD) {
        reload();
      } else if (work == Work.EVENT) {
        reconcile(work, pendingSince, Scope.Extent.CHANGES);
      } else if (work != Work.WATCHDOG) {
        reconcile(work);
      }
      aliveNow();
    }
    LOG.info("stopping; the kernel state stays (netagent down removes it)");
    notifier.stopping();
    writeState();
  }

  /** What the loop does next. */
  private enum Work {
    STOP(""),
    START("start"),
    RELOAD("reload"),
    EVENT("kernel event"),
    RESYNC("periodic resync"),
    RETRY("retry"),
    WATCHDOG("");

    final String reason;

    Work(String reason) {
      this.reason = reason;
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
        if (dirty && (now - lastEvent >= options.quiet().toNanos() || now - firstEvent >= options.maxDelay().toNanos())) {
          dirty = false;
          pendingSince = firstEvent;
          return Work.EVENT;
        }
        if (now >= nextRetry) {
          return Work.RETRY;
        }
        if (now >= nextResync) {
          return Work.RESYNC;
        }
        if (now >= nextWatchdog) {
          return Work.WATCHDOG;
        }
        long until = Math.min(Math.min(nextResync, nextRetry), nextWatchdog);
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

  private void reconcile(Work work) {
    reconcile(work, System.nanoTime(), Scope.Extent.WHOLE);
  }

  /**
   * One pass. A pass a notification or a reload started reads again only what the notifications
   * say changed ({@link Scope.Extent#CHANGES}); its time counts from {@code since} (for a
   * notification, the first one).
   */
  private void reconcile(Work work, long since, Scope.Extent extent) {
    String reason = work.reason;
    long begin = since;
    List<String> repairs = new ArrayList<>();
    try {
      Plan plan = reconciler.apply(desired, extent, op -> repairs.add(describe(op)));
      long millis = (System.nanoTime() - begin) / 1_000_000;
      reconciles++;
      if (!plan.operations().isEmpty()) {
        if (ready && work == Work.RELOAD) {
          // Not drift: what the new configuration asks for.
          LOG.info("applied the reloaded configuration ({} operation(s), {} ms): {}", plan.operations().size(), millis,
              String.join("; ", repairs));
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
    } catch (RuntimeException e) {
      // Any failure, expected or not, is retried: the daemon's job is to keep trying.
      long millis = (System.nanoTime() - begin) / 1_000_000;
      reconciles++;
      LOG.error("reconcile ({}) failed: {}; retrying in {} s", reason, e.getMessage(), retryDelay.toSeconds());
      lastReconcile = new DaemonState.Reconcile(Instant.now().toString(), reason, "failed", repairs, e.getMessage(), millis);
      nextRetry = System.nanoTime() + retryDelay.toNanos();
      retryDelay = retryDelay.multipliedBy(2).compareTo(options.resync()) > 0 ? options.resync() : retryDelay.multipliedBy(2);
      notifier.status("reconcile failed, retrying: " + firstLine(e.getMessage()));
      if (reconciler.lastObserved() != null) {
        watch(reconciler.lastObserved());
      }
    }
    nextResync = System.nanoTime() + options.resync().toNanos();
    writeState();
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

  private void reload() {
    notifier.reloading();
    LOG.info("reloading {}", configFile);
    try {
      LoadedConfig loaded = ConfigLoader.load(configFile);
      desired = loaded.state();
      lastReload = new DaemonState.Reload(Instant.now().toString(), "applied", List.of());
      LOG.info("reloaded {}", configFile);
      if (reconciler.lastObserved() != null) {
        watch(reconciler.lastObserved());
      }
      // The kernel did not change with the file: what notifications say of it holds.
      reconcile(Work.RELOAD, System.nanoTime(), Scope.Extent.CHANGES);
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        LOG.error("{}", p);
      }
      LOG.error("reload rejected: {} problem(s) in {}; the last good configuration stays in force", e.problems().size(), configFile);
      lastReload = new DaemonState.Reload(Instant.now().toString(), "rejected", e.problems().stream().map(ConfigProblem::toString).toList());
      writeState();
    }
    notifier.ready(summary());
  }

  private String summary() {
    String result = lastReconcile == null ? "not reconciled yet" : lastReconcile.result() + " at " + lastReconcile.at();
    String reload = lastReload != null && lastReload.result().equals("rejected") ? "; last reload rejected" : "";
    return desired.networks().size() + " network(s), " + desired.containers().size() + " container(s); " + result
        + "; drift repaired " + driftRepaired + " time(s)" + reload;
  }

  private void writeState() {
    try {
      new DaemonState(ProcessHandle.current().pid(), started, configFile.toString(), ready, reconciles, driftRepaired, lastReconcile,
          lastReload).write(stateDir);
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
