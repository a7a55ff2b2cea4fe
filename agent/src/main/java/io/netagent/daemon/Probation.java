package io.netagent.daemon;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.checkpoint.Waiter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of confirm or roll back: the checkpoint (in the data directory) and the
 * deadline of the reload on probation, on the loop's clock. The daemon's loop runs the passes;
 * this keeps the record, says when the loop must roll back, and words the answers.
 */
final class Probation {
  private static final Logger LOG = LoggerFactory.getLogger(Probation.class);

  private final CheckpointStore store;
  /** When the change on probation is rolled back (System.nanoTime); Long.MAX_VALUE while none waits. */
  private long rollbackAt = Long.MAX_VALUE;

  Probation(Path dataDir) {
    this.store = CheckpointStore.at(dataDir);
  }

  /** When the loop must roll the change back, on its clock (System.nanoTime); Long.MAX_VALUE while none waits. */
  long rollbackAt() {
    return rollbackAt;
  }

  /** The checkpoint's line for status. */
  Optional<String> statusLine() {
    return store.statusLine();
  }

  /** Why a reload is refused now: a change already waits for confirmation. */
  Optional<String> waiting() {
    return store.read().pending().map(p -> p.describe() + " is waiting for confirmation until " + Checkpoint.time(p.deadline())
        + ": confirm it or roll it back first (netagent confirm, netagent rollback)");
  }

  /** Records {@code reloaded} as waiting for confirmation within {@code window}, before the kernel is touched. */
  Checkpoint begin(Checkpoint.Configuration reloaded, Duration window) {
    return store.update(c -> c.begin(new Checkpoint.Pending(reloaded, reloaded.at().plus(window), Waiter.current(), "reload",
        Checkpoint.State.WAITING)));
  }

  /** The change {@link #begin} recorded is applied: its deadline starts counting on the loop's clock. What to answer. */
  String applied(Checkpoint begun, Path configFile) {
    Checkpoint.Pending change = begun.pending().orElseThrow();
    rollbackAt = System.nanoTime() + Duration.between(Instant.now(), change.deadline()).toNanos();
    String message = "Reloaded " + configFile + ". Unless 'netagent confirm' comes before " + Checkpoint.time(change.deadline())
        + ", it is rolled back to " + begun.describeTarget() + ".";
    LOG.warn("{}", message);
    return message;
  }

  /** Why the loop rolls back when {@link #rollbackAt} has come. */
  String overdue() {
    return "it was not confirmed before " + store.read().pending().map(p -> Checkpoint.time(p.deadline())).orElse("its deadline");
  }

  /** Keeps the change on probation: it is what a rollback returns to from now on. What to answer. */
  String confirm(String how) {
    Checkpoint confirmed = store.update(c -> c.confirm(Instant.now(), how));
    rollbackAt = Long.MAX_VALUE;
    String message = "Confirmed " + confirmed.last().orElseThrow().change() + ": it is the configuration a rollback returns to from now on.";
    LOG.info("{}", message);
    return message;
  }

  /** Marks the change on probation as being rolled back (too late to confirm); the checkpoint holds what to return to. */
  Checkpoint rollingBack() {
    Checkpoint marked = store.update(Checkpoint::rollingBack);
    rollbackAt = Long.MAX_VALUE;
    return marked;
  }

  /** Records the rollback {@link #rollingBack} began as done. */
  void rolledBack(String why) {
    store.update(c -> c.rolledBack(Instant.now(), why));
  }

  /** Records a reloaded configuration the kernel converged to as the one a rollback returns to. */
  void confirmed(Checkpoint.Configuration reloaded) {
    try {
      store.update(c -> c.withConfirmed(reloaded));
    } catch (RuntimeException e) {
      LOG.warn("the reloaded configuration could not be recorded as the confirmed one: {}", e.getMessage());
    }
  }
}
