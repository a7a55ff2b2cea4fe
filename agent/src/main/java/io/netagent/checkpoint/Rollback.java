package io.netagent.checkpoint;

import io.netagent.operations.Operation;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Rolls a waiting change back: converges the kernel to the checkpoint's confirmed configuration
 * with the reconciler it is given, as {@code apply} (or the daemon, under its policy) would (links, addresses, routes, neighbours, the NAT table; namespaces netagent
 * created that it no longer declares are deleted), then records the outcome. The caller holds the
 * apply lock. The change is marked as being rolled back before the kernel is touched: from then
 * on it can no longer be confirmed, and if the rollback fails or is cut short the next start
 * does it again.
 */
public final class Rollback {
  private Rollback() {}

  /**
   * What a rollback did.
   *
   * @param change the change rolled back
   * @param to what the kernel was returned to
   * @param plan what was run
   */
  public record Done(Checkpoint.Pending change, String to, Plan plan) {}

  /**
   * Rolls the waiting change back now.
   *
   * @param why how the outcome is recorded and told, e.g. "its window ended at T"
   * @throws CheckpointException when nothing waits (it was confirmed meanwhile, or never was)
   */
  public static Done run(Reconciler reconciler, CheckpointStore store, String why, Consumer<Operation> progress) {
    Checkpoint marked = store.update(Checkpoint::rollingBack);
    Checkpoint.Pending change = marked.pending().orElseThrow();
    Plan plan = reconciler.apply(marked.target(), progress);
    store.update(c -> c.rolledBack(Instant.now(), why));
    return new Done(change, marked.describeTarget(), plan);
  }

  /**
   * At a start that changes the kernel: rolls back a change whose waiter is gone (killed, or
   * before a reboot), which nobody can confirm any more.
   *
   * @return what was done; empty when nothing was waiting
   * @throws CheckpointException when a live process still waits for it (under another state directory's lock)
   */
  public static Optional<Done> ifAbandoned(Reconciler reconciler, CheckpointStore store, Consumer<Operation> progress) {
    Optional<Checkpoint.Pending> pending = store.read().pending();
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    Waiter waiter = pending.get().waiter();
    if (waiter.alive() && waiter.pid() != ProcessHandle.current().pid()) {
      throw new CheckpointException(pending.get().describe() + " is waiting for confirmation in process " + waiter.pid() + " until "
          + Checkpoint.time(pending.get().deadline()) + ": run netagent confirm or netagent rollback first");
    }
    return Optional.of(run(reconciler, store, "at the next start, because the process that waited for it (pid " + waiter.pid()
        + ") was gone", progress));
  }
}
