package io.netagent.cli;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.checkpoint.Rollback;
import io.netagent.kernel.Kernel;
import io.netagent.operations.Operation;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.PlanText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Consumer;

/** How the commands that roll a change back tell it: each operation as apply prints it, then one line saying what was restored. */
final class RollbackText {
  private RollbackText() {}

  /** Prints each operation as it runs. */
  static Consumer<Operation> printing(PrintWriter out) {
    return op -> {
      out.println(PlanText.line(op));
      out.flush();
    };
  }

  /** The closing line of a rollback. */
  static String summary(Rollback.Done done) {
    int n = done.plan().operations().size();
    return "Rolled back " + done.change().describe() + " to " + done.to() + (n == 0 ? ": nothing to change." : ": " + n + " operation(s).");
  }

  /**
   * Before a command changes the kernel (it holds the apply lock): rolls back a change whose
   * waiting process is gone, saying so on {@code err}, its operations on {@code out}.
   */
  static void ifAbandoned(Kernel kernel, CheckpointStore store, PrintWriter out, PrintWriter err) {
    store.read().pending().filter(p -> !p.waiter().alive()).ifPresent(p -> {
      err.println("netagent: " + p.describe() + " was never confirmed and the process that waited for it (pid " + p.waiter().pid()
          + ") is gone: rolling it back first");
      err.flush();
    });
    Rollback.ifAbandoned(new Reconciler(kernel), store, printing(out)).ifPresent(done -> {
      err.println("netagent: " + summary(done));
      err.flush();
    });
  }

  /** "before HH:MM:SS (in N s)", in the host's time zone, for the line that says how to confirm. */
  static String deadline(Checkpoint.Pending pending) {
    Duration left = Duration.between(Instant.now(), pending.deadline());
    return "before " + LocalTime.ofInstant(pending.deadline(), ZoneId.systemDefault()).withNano(0)
        + " (in " + Math.max(0, left.toSeconds()) + " s)";
  }
}
