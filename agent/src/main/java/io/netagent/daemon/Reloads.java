package io.netagent.daemon;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.config.ConfigException;
import io.netagent.config.ConfigLoader;
import io.netagent.config.ConfigProblem;
import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads and rollbacks on the loop: re-reads the configuration file and makes it the
 * {@link Target} (on probation when a window is asked for: {@link Probation} keeps the record and
 * the deadline), and rolls a change on probation back to the confirmed configuration. A rejected
 * reload is logged and recorded, and the last good configuration stays in force.
 */
final class Reloads {
  private static final Logger LOG = LoggerFactory.getLogger(Reloads.class);

  /**
   * Test-only fault hook (SystemdServiceIT): with this system property {@code true}, read once
   * when the daemon is made, a reload stalls the loop for good instead, as a loop stuck in a
   * kernel call would, so that the test can show systemd restarting a daemon that no longer feeds
   * its watchdog. Never set it outside that test.
   */
  static final String STALL_ON_RELOAD = "netagent.testing.stallOnReload";

  private final Path configFile;
  private final Target target;
  private final Status status;
  private final Passes passes;
  private final Probation probation;
  private final Notifier notifier;
  private final boolean stallOnReload = Boolean.getBoolean(STALL_ON_RELOAD);

  Reloads(Path configFile, Target target, Status status, Passes passes, Probation probation, Notifier notifier) {
    this.configFile = configFile;
    this.target = target;
    this.status = status;
    this.passes = passes;
    this.probation = probation;
    this.notifier = notifier;
  }

  /** SIGHUP: a rejected reload is logged and recorded in daemon.json; nobody waits for an answer. */
  void reload() {
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
  String reloadFile(Optional<Duration> confirmWithin) {
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
      List<String> clashes = new ArrayList<>(target.networks().clashesWith(loaded.state()));
      if (clashes.isEmpty()) {
        clashes.addAll(target.attachments().clashesWith(target.networks().onTopOf(loaded.state())));
      }
      if (!clashes.isEmpty()) {
        // A reload never drops an attachment: the runtime that made it was told it exists.
        throw rejected(RequestRejectedException.Kind.INVALID, "the new " + configFile + " clashes with " + clashes.size()
            + " attachment(s)", clashes);
      }
      Checkpoint.Configuration reloaded = new Checkpoint.Configuration(configFile.toString(), text, Instant.now());
      Optional<Checkpoint> begun = confirmWithin.map(w -> probation.begin(reloaded, w));
      target.replaceFile(loaded.state(), loaded.source());
      status.reloaded(new DaemonState.Reload(Instant.now().toString(), "applied", List.of()));
      LOG.info("reloaded {}", configFile);
      passes.rewatch();
      // The kernel did not change with the file: what notifications say of it holds.
      boolean converged = passes.reconcile(Work.RELOAD, System.nanoTime(), Scope.Extent.CHANGES);
      if (begun.isEmpty()) {
        if (converged) {
          probation.confirmed(reloaded);
        }
        return "Reloaded " + configFile + (converged ? "; the kernel matches it." : "; the kernel did not converge yet: " + status.lastReconcile().error());
      }
      if (!converged) {
        throw new RequestRejectedException(RequestRejectedException.Kind.FAILED, rollBack("the change failed: " + status.lastReconcile().error()),
            List.of());
      }
      return probation.applied(begun.get(), configFile);
    } catch (ConfigException e) {
      throw rejected(RequestRejectedException.Kind.INVALID, e.count() + " problem(s) in " + configFile,
          e.problems().stream().map(ConfigProblem::toString).toList());
    } finally {
      // Told even when the reload failed otherwise: systemd would wait for it to end.
      notifier.ready(status.summary());
    }
  }

  /** A rejected reload, logged and recorded; the last good configuration stays in force. */
  private RequestRejectedException rejected(RequestRejectedException.Kind kind, String why, List<String> problems) {
    problems.forEach(p -> LOG.error("{}", p));
    LOG.error("reload rejected: {}; the last good configuration stays in force", why);
    status.reloaded(new DaemonState.Reload(Instant.now().toString(), "rejected", problems.isEmpty() ? List.of(why) : problems));
    status.writeState();
    return new RequestRejectedException(kind, "reload rejected: " + why,
        problems.stream().map(p -> new RequestRejectedException.FieldProblem("", p)).toList());
  }

  /**
   * Rolls the change that waits for confirmation back: the daemon converges to the confirmed
   * configuration (and its attachments) and keeps running it until the next reload. The outcome
   * is recorded even when this pass fails: the loop retries converging to it like any other.
   */
  String rollBack(String why) {
    Checkpoint marked = probation.rollingBack();
    Checkpoint.Pending change = marked.pending().orElseThrow();
    LOG.warn("rolling back {}: {}; returning to {}", change.describe(), why, marked.describeTarget());
    target.replaceFile(marked.target(), marked.describeTarget() + ", after a rollback");
    passes.rewatch();
    boolean converged = passes.reconcile(Work.ROLLBACK, System.nanoTime(), Scope.Extent.CHANGES);
    probation.rolledBack(why);
    String message = "Rolled back " + change.describe() + " to " + marked.describeTarget()
        + (converged ? "" : "; the kernel did not converge yet (retrying): " + status.lastReconcile().error());
    LOG.warn("{}; {} still holds the change: the daemon runs the confirmed configuration until the next reload", message, configFile);
    return message + ".";
  }
}
