package io.netagent.cli;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointException;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.checkpoint.Rollback;
import io.netagent.daemon.Daemon;
import io.netagent.kernel.Kernel;
import io.netagent.reconcile.ApplyLock;
import io.netagent.reconcile.Reconciler;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent rollback}: undoes the change that waits for confirmation, now. */
@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Roll back, now, the change that 'netagent apply --confirm-within' (or 'netagent reload --confirm-within') " +
        "applied and nobody confirmed: the " +
        "kernel returns to the last confirmed configuration (links, addresses, routes, neighbours, the NAT table; namespaces " +
        "the change created are deleted), or to nothing netagent owns when none was ever confirmed.",
        "While that apply still waits, it is asked to roll back (through the checkpoint) and this command waits for it; when " +
            "it is gone (killed), this command rolls back itself, under the apply lock. A change already rolled back is not " +
            "rolled back again: the message says when it was, and to what. While the daemon runs, it is asked through its " +
            "API, and runs the confirmed configuration until the next reload.",
        "Needs root. Exit code 0 when rolled back, 1 when nothing waits for confirmation or the rollback failed."})
final class RollbackCommand implements Callable<Integer> {
  /** A generous bound for a waiting apply to roll back, against a hang; never a timing assertion. */
  private static final Duration WAITER_BOUND = Duration.ofMinutes(5);

  @Mixin
  LockOption lock;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  /** How the waiting apply ended the change: exit 0 when it rolled it back. */
  private static int told(Optional<Checkpoint.Outcome> last, PrintWriter out) {
    out.println(last.map(o -> o.confirmed() ? "It was confirmed meanwhile: " + o
        : "Rolled back at " + Checkpoint.time(o.at()) + " to " + o.to() + ".").orElse("The change's record is gone."));
    return last.isPresent() && !last.get().confirmed() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (daemon.running().isPresent()) {
      out.println(daemon.post("/rollback", "{}"));
      return ExitCodes.OK;
    }
    CheckpointStore store = CheckpointStore.at(Daemon.DATA_DIR);
    Checkpoint.Pending pending = store.read().pending()
        .orElseThrow(() -> new CheckpointException("nothing to roll back: " + store.read().nothingPending()));
    if (pending.waiter().alive()) {
      store.update(Checkpoint::rollbackRequested);
      out.println("Asked the waiting netagent apply (pid " + pending.waiter().pid() + ") to roll back " + pending.describe() + " now.");
      out.flush();
      long deadline = System.nanoTime() + WAITER_BOUND.toNanos();
      while (true) {
        // Alive first, then the record: a waiter that ended after rolling back has left its outcome there.
        boolean alive = pending.waiter().alive();
        Checkpoint now = store.read();
        if (now.pending().isEmpty()) {
          return told(now.last(), out);
        }
        if (!alive) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new CheckpointException("the waiting netagent apply (pid " + pending.waiter().pid() + ") did not roll back within "
              + WAITER_BOUND.toMinutes() + " minutes");
        }
        Thread.sleep(100);
      }
    }
    try (KernelOpening opening = KernelOpening.live(); ApplyLock held = lock.acquire(spec.commandLine().getErr());
        Kernel kernel = opening.take()) {
      out.println("netagent rollback: " + pending.describe() + " on the " + kernel.description());
      out.println(RollbackText.summary(Rollback.run(new Reconciler(kernel), store, "netagent rollback", RollbackText.printing(out))));
      return ExitCodes.OK;
    }
  }
}
