package io.netagent.cli;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointException;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.checkpoint.Rollback;
import io.netagent.kernel.Kernel;
import io.netagent.reconcile.Reconciler;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code apply --confirm-within}, after the change is applied: waits (holding the apply lock)
 * until the change is confirmed, or rolls it back at its deadline, when {@code netagent rollback}
 * asks for it, or on SIGINT or SIGTERM. Confirm and rollback only write the checkpoint record;
 * this process reads it every 100 ms. SIGHUP is ignored: closing the terminal does not end the
 * wait. If this process is killed, the next apply or run rolls the change back.
 */
final class ConfirmWait {
  private static final long POLL_MILLIS = 100;

  private final Kernel kernel;
  private final CheckpointStore store;
  private final PrintWriter out;

  ConfirmWait(Kernel kernel, CheckpointStore store, PrintWriter out) {
    this.kernel = kernel;
    this.store = store;
    this.out = out;
  }

  /** Waits for the outcome of {@code change}; {@link ExitCodes#OK} when it was confirmed, {@link ExitCodes#FAILURE} when rolled back. */
  int await(Checkpoint.Pending change) {
    AtomicReference<String> signalled = new AtomicReference<>();
    Signal.handle(new Signal("HUP"), SignalHandler.SIG_IGN);
    Signal.handle(new Signal("INT"), s -> signalled.set("apply was interrupted (SIGINT)"));
    Signal.handle(new Signal("TERM"), s -> signalled.set("apply was told to stop (SIGTERM)"));
    // The window is measured on the monotonic clock from here: a wall-clock step (NTP at boot, a hand-set date) neither
    // shortens nor stretches it. The recorded deadline, wall-clock, is for people and for the next start after a crash.
    long deadline = System.nanoTime() + Math.max(0, Duration.between(Instant.now(), change.deadline()).toNanos());
    while (true) {
      Checkpoint now = store.read();
      Optional<Checkpoint.Pending> pending = now.pending().filter(p -> p.change().at().equals(change.change().at()));
      if (pending.isEmpty()) {
        Optional<Checkpoint.Outcome> last = now.last();
        out.println(last.map(o -> o.confirmed() ? "Confirmed: " + o.change() + " is the configuration a rollback returns to from now on."
            : "Not confirmed: " + o).orElse("Not confirmed: the record of " + change.describe() + " is gone"));
        return last.isPresent() && last.get().confirmed() ? ExitCodes.OK : ExitCodes.FAILURE;
      }
      String why = pending.get().state() != Checkpoint.State.WAITING ? "netagent rollback asked for it"
          : signalled.get() != null ? signalled.get()
          : System.nanoTime() - deadline >= 0 ? "it was not confirmed before " + Checkpoint.time(change.deadline())
          : null;
      if (why != null) {
        try {
          store.update(Checkpoint::rollingBack);
        } catch (CheckpointException confirmedMeanwhile) {
          continue;
        }
        out.println("Rolling back " + change.describe() + ": " + why + ".");
        out.flush();
        Rollback.Done done = Rollback.run(new Reconciler(kernel), store, why, RollbackText.printing(out));
        out.println(RollbackText.summary(done));
        return ExitCodes.FAILURE;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        signalled.set("apply was interrupted");
      }
    }
  }
}
