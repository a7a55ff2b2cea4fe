package io.netagent.daemon;

import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.Scope;
import io.netagent.metrics.Metrics;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Operation;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's reconcile passes, whatever started them: each converges the kernel to the
 * {@link Target}, logs what it changed (drift, or what a reload or a request asked for), records
 * the outcome ({@link Status}, metrics, systemd), follows the namespaces declared now, and
 * schedules the next resync and, after a failure, a retry with a growing delay.
 */
final class Passes {
  private static final Logger LOG = LoggerFactory.getLogger(Passes.class);

  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final Kernel kernel;
  private final Reconciler reconciler;
  private final Relevance relevance;
  /** Where the kernel's notifications go: the loop's. */
  private final Consumer<KernelEvent> onEvent;
  /** Drops the loop's notifications that arrived before the given time (System.nanoTime). */
  private final LongConsumer forgetEventsBefore;
  private final Target target;
  private final Status status;
  private final Notifier notifier;
  private final Metrics metrics;
  private final Daemon.Options options;
  private long nextResync;
  private long nextRetry = Long.MAX_VALUE;
  private Duration retryDelay = FIRST_RETRY;

  Passes(Kernel kernel, Reconciler reconciler, Relevance relevance, Consumer<KernelEvent> onEvent, LongConsumer forgetEventsBefore,
      Target target, Status status, Notifier notifier, Metrics metrics, Daemon.Options options) {
    this.kernel = kernel;
    this.reconciler = reconciler;
    this.relevance = relevance;
    this.onEvent = onEvent;
    this.forgetEventsBefore = forgetEventsBefore;
    this.target = target;
    this.status = status;
    this.notifier = notifier;
    this.metrics = metrics;
    this.options = options;
  }

  /** When the next periodic resync is due (System.nanoTime). */
  long nextResync() {
    return nextResync;
  }

  /** When a failed pass is retried (System.nanoTime); Long.MAX_VALUE while none failed. */
  long nextRetry() {
    return nextRetry;
  }

  boolean reconcile(Work work) {
    return reconcile(work, System.nanoTime(), Scope.Extent.WHOLE);
  }

  /**
   * One pass. A pass a notification or a reload started reads again only what the notifications
   * say changed ({@link Scope.Extent#CHANGES}); its time counts from {@code since} (for a
   * notification, the first one).
   */
  boolean reconcile(Work work, long since, Scope.Extent extent) {
    String reason = work.reason;
    long begin = since;
    List<String> repairs = new ArrayList<>();
    List<Operation> applied = new ArrayList<>();
    // Drift is what changed under the daemon: not what a reload or a request asks for, nor the first convergence.
    boolean drift = status.ready() && work != Work.RELOAD && work != Work.REQUESTS;
    try {
      Plan plan = reconciler.apply(target.desired(), extent, op -> {
        repairs.add(describe(op));
        applied.add(op);
      });
      long took = System.nanoTime() - begin;
      long millis = took / 1_000_000;
      status.counted();
      metrics.reconciled(work.trigger, true, Duration.ofNanos(took));
      if (!plan.operations().isEmpty()) {
        if (status.ready() && (work == Work.RELOAD || work == Work.ROLLBACK)) {
          // Not drift: what the new configuration asks for.
          LOG.info("applied the {} ({} operation(s), {} ms): {}", work == Work.ROLLBACK ? "rollback" : "reloaded configuration",
              plan.operations().size(), millis,
              String.join("; ", repairs));
        } else if (status.ready() && work == Work.REQUESTS) {
          LOG.info("applied api requests ({} operation(s), {} ms): {}", plan.operations().size(), millis, String.join("; ", repairs));
        } else if (status.ready()) {
          status.repairedDrift();
          LOG.warn("drift repaired ({}, {} ms{}): {}", reason, millis, extent == Scope.Extent.CHANGES ? " from the first notification" : "",
              String.join("; ", repairs));
        } else {
          LOG.info("converged ({} operation(s), {} ms)", plan.operations().size(), millis);
        }
      } else {
        LOG.debug("reconcile ({}): no changes, {} ms", reason, millis);
      }
      plan.warnings().forEach(w -> LOG.warn("{}", w));
      status.planned(plan);
      status.reconciled(new DaemonState.Reconcile(Instant.now().toString(), reason, "converged", repairs, null, millis));
      retryDelay = FIRST_RETRY;
      nextRetry = Long.MAX_VALUE;
      forgetEventsBefore.accept(reconciler.lastObservedAt());
      watch(reconciler.lastObserved());
      if (!status.ready()) {
        status.nowReady();
        notifier.ready(status.summary());
        LOG.info("ready: {}", status.summary());
      } else {
        notifier.status(status.summary());
      }
    } catch (RuntimeException | Error e) {
      // Any failure, expected or not, is retried: the daemon's job is to keep trying.
      if (Failures.isFatal(e)) {
        throw e;
      }
      long took = System.nanoTime() - begin;
      long millis = took / 1_000_000;
      status.counted();
      metrics.reconciled(work.trigger, false, Duration.ofNanos(took));
      String why = Failures.describe(e);
      LOG.error("reconcile ({}) failed: {}; retrying in {} s", reason, why, retryDelay.toSeconds());
      LOG.debug("reconcile ({}) failed", reason, e);
      status.reconciled(new DaemonState.Reconcile(Instant.now().toString(), reason, "failed", repairs, why, millis));
      nextRetry = System.nanoTime() + retryDelay.toNanos();
      retryDelay = retryDelay.multipliedBy(2).compareTo(options.resync()) > 0 ? options.resync() : retryDelay.multipliedBy(2);
      notifier.status("reconcile failed, retrying: " + firstLine(why));
      rewatch();
    }
    nextResync = System.nanoTime() + options.resync().toNanos();
    if (drift) {
      applied.forEach(op -> metrics.driftRepaired(DriftKind.of(op), 1));
    }
    metrics.conflicts(status.lastPlan() == null ? 0 : status.lastPlan().conflicts().size());
    metrics.attachments(target.attachments().size());
    status.refreshViews(!"converged".equals(status.lastReconcile().result()));
    status.writeState();
    return "converged".equals(status.lastReconcile().result());
  }

  /** Follows the namespaces declared now, once the kernel was observed: before a pass after a reload, and after a failed one. */
  void rewatch() {
    if (reconciler.lastObserved() != null) {
      watch(reconciler.lastObserved());
    }
  }

  /**
   * Follows the declared namespaces (they appear and go as the configuration and the kernel
   * change). A namespace netagent made but no longer declares is not followed: it is about to be
   * deleted (or left to the namespaces unit), and the notifications of a thousand of them going
   * would only slow the kernel and the daemon down while it deletes them.
   */
  private void watch(ObservedState observed) {
    relevance.update(target.desired(), observed);
    kernel.watch(new TreeSet<>(target.desired().namespaces()), onEvent);
  }

  private static String describe(Operation op) {
    return op.action().symbol() + " " + op.describe() + " (" + op.reason().text() + ")";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
