package io.netagent.checkpoint;

import io.netagent.config.ConfigException;
import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import io.netagent.model.DesiredState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the checkpoint store holds: the last confirmed configuration (what a rollback returns
 * to; none until a first one is confirmed or after {@code down}, and then a rollback returns to
 * the empty configuration), the change waiting for confirmation if any, and how the last change ended
 * (so that a second rollback can say it was already done). Immutable: each step makes a new one,
 * which the store writes in one atomic replacement.
 */
public record Checkpoint(Optional<Configuration> confirmed, Optional<Pending> pending, Optional<Outcome> last) {
  /** Nothing recorded yet. */
  public static final Checkpoint NONE = new Checkpoint(Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * A configuration as it was applied.
   *
   * @param source the file it came from
   * @param text its whole text, as read then (the file may have changed since)
   * @param at when it was applied or confirmed
   */
  public record Configuration(String source, String text, Instant at) {
    /**
     * The configuration, checked again (it was valid when recorded; the rules may have changed since).
     *
     * @throws CheckpointException when it no longer passes: its problems, and the way out
     */
    public LoadedConfig load() {
      try {
        return ConfigLoader.parse(source + " (as confirmed at " + time(at) + ")", text, source.endsWith(".json"));
      } catch (ConfigException e) {
        throw new CheckpointException("the configuration confirmed at " + time(at) + " (" + source + ") no longer passes this "
            + "netagent's checks, so nothing can be rolled back to it:\n" + e.getMessage() + "\nTo go on without it, move the "
            + "checkpoint aside (checkpoint/checkpoint.json in the data directory, $NETAGENT_DATA_DIR, default /var/lib/netagent): "
            + "the next netagent apply records a new one");
      }
    }
  }

  /** Where a waiting change stands. */
  public enum State {
    /** Waiting for confirm or for its deadline. */
    WAITING,
    /** {@code netagent rollback} asked its waiter to roll it back now. */
    ROLLBACK_REQUESTED,
    /** Being rolled back: too late to confirm. Left so when the rollback failed or was cut short: the next start does it again. */
    ROLLING_BACK
  }

  /**
   * A change applied and not yet confirmed.
   *
   * @param change the new configuration
   * @param deadline when it is rolled back unless confirmed (wall-clock: it must mean the same after a restart)
   * @param waiter the process that waits and rolls back
   * @param origin what made the change ("apply")
   */
  public record Pending(Configuration change, Instant deadline, Waiter waiter, String origin, State state) {
    Pending in(State next) {
      return new Pending(change, deadline, waiter, origin, next);
    }

    /** "the change of T (FILE)". */
    public String describe() {
      return "the change of " + time(change.at()) + " (" + change.source() + ")";
    }
  }

  /**
   * How the last change ended.
   *
   * @param confirmed true when confirmed, false when rolled back
   * @param change "the change of T (FILE)"
   * @param at when
   * @param how why it was rolled back, or who confirmed it
   * @param to what it was rolled back to (for a rollback)
   */
  public record Outcome(boolean confirmed, String change, Instant at, String how, String to) {
    @Override
    public String toString() {
      return confirmed ? change + " was confirmed at " + time(at) + " (" + how + ")"
          : change + " was already rolled back at " + time(at) + " (" + how + ") to " + to;
    }
  }

  /**
   * For {@code netagent status}: the change waiting for confirmation (until when, and who rolls
   * it back), else how the last change ended, else what is confirmed; empty when nothing was ever
   * recorded.
   */
  public Optional<String> statusLine() {
    if (pending.isPresent()) {
      Pending p = pending.get();
      return Optional.of("checkpoint: " + p.describe() + " waits for 'netagent confirm' until " + time(p.deadline()) + ", else it is rolled back to "
          + describeTarget() + " (by " + p.origin() + ", pid " + p.waiter().pid() + ")");
    }
    if (confirmed.isEmpty() && last.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("checkpoint: no change waits; a rollback would return to " + describeTarget() + last.map(o -> "; " + o).orElse(""));
  }

  /** What a rollback converges to: the confirmed configuration, else nothing at all. */
  public DesiredState target() {
    return confirmed.map(c -> c.load().state()).orElse(DesiredState.EMPTY);
  }

  /** What {@link #target} is, for people. */
  public String describeTarget() {
    return confirmed.map(c -> "the configuration confirmed at " + time(c.at()) + " (" + c.source() + ")")
        .orElse("the empty configuration (none is confirmed: everything netagent owns is removed)");
  }

  /** After a plain apply: {@code applied} is what a rollback returns to from now on. */
  public Checkpoint withConfirmed(Configuration applied) {
    return new Checkpoint(Optional.of(applied), pending, last);
  }

  /**
   * After {@code netagent down}: nothing is confirmed (a rollback returns to nothing, not to what
   * down removed), and a change still recorded as waiting is over.
   */
  public Checkpoint afterDown(Instant now) {
    Checkpoint cleared = new Checkpoint(Optional.empty(), pending, last);
    return pending.isPresent() ? cleared.rolledBack(now, "netagent down removed everything netagent owned") : cleared;
  }

  /** A change begins to wait for confirmation. */
  public Checkpoint begin(Pending change) {
    return new Checkpoint(confirmed, Optional.of(change), last);
  }

  /**
   * The waiting change confirmed: it is what a rollback returns to from now on.
   *
   * @throws CheckpointException when nothing waits, or it is already being rolled back
   */
  public Checkpoint confirm(Instant now, String how) {
    Pending change = pending.orElseThrow(() -> new CheckpointException("nothing to confirm: " + nothingPending()));
    if (change.state() != State.WAITING) {
      throw new CheckpointException("too late to confirm: " + change.describe() + " is being rolled back"
          + (change.state() == State.ROLLBACK_REQUESTED ? " (netagent rollback asked for it)" : ""));
    }
    return new Checkpoint(Optional.of(change.change()), Optional.empty(),
        Optional.of(new Outcome(true, change.describe(), now, how, "")));
  }

  /**
   * The waiting change, now to be rolled back: too late to confirm it.
   *
   * @throws CheckpointException when nothing waits
   */
  public Checkpoint rollingBack() {
    return new Checkpoint(confirmed, Optional.of(waiting("roll back").in(State.ROLLING_BACK)), last);
  }

  /**
   * Asks the waiter of the waiting change to roll it back now.
   *
   * @throws CheckpointException when nothing waits
   */
  public Checkpoint rollbackRequested() {
    Pending change = waiting("roll back");
    return change.state() == State.WAITING ? new Checkpoint(confirmed, Optional.of(change.in(State.ROLLBACK_REQUESTED)), last) : this;
  }

  /** The waiting change rolled back: the kernel is at {@link #target} again. */
  public Checkpoint rolledBack(Instant now, String how) {
    Pending change = waiting("roll back");
    return new Checkpoint(confirmed, Optional.empty(), Optional.of(new Outcome(false, change.describe(), now, how, describeTarget())));
  }

  private Pending waiting(String what) {
    return pending.orElseThrow(() -> new CheckpointException("nothing to " + what + ": " + nothingPending()));
  }

  /** Why nothing waits: how the last change ended, or that there never was one. */
  public String nothingPending() {
    return last.map(Outcome::toString).orElse("no change is waiting for confirmation");
  }

  /** An instant as people read it in messages: UTC, to the second. */
  public static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
