package io.netagent.cli;

import io.netagent.checkpoint.CheckpointStore;
import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Kernel;
import io.netagent.daemon.Daemon;
import io.netagent.plan.Plan;
import io.netagent.reconcile.ApplyLock;
import io.netagent.reconcile.Reconciler;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent down}: removes everything netagent owns. */
@Command(name = "down", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Remove everything netagent owns from the live kernel, in teardown order: NAT first, then veths, " +
        "bridges, and the namespaces netagent created. Nothing it does not own is touched. Keeps going past a" +
        " failure and reports every one at the end. Containers attached through the daemon's API are wired no more, but " +
        "their records stay in the data directory (NETAGENT_DATA_DIR, default /var/lib/netagent): the next netagent run wires them " +
        "again, as a runtime that attached them expects. Afterwards no configuration is confirmed: a later unconfirmed " +
        "'apply --confirm-within' is rolled back to nothing.",
        "Refused at once while the netagent daemon runs (stop it first). Needs root. Exit code 0 when everything owned is " +
            "gone, 1 otherwise, 2 for bad input or a host without libnftables."})
final class DownCommand implements Callable<Integer> {
  @Mixin
  ChangeConfigOption config;

  @Mixin
  LockOption lock;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    DaemonGuard.refuseDown(daemon);
    try (KernelOpening opening = KernelOpening.live()) {
      LoadedConfig loaded = config.load();
      PrintWriter out = spec.commandLine().getOut();
      try (ApplyLock held = lock.acquire(spec.commandLine().getErr()); Kernel kernel = opening.take()) {
        out.println("netagent down: everything netagent owns in the " + kernel.description() + " (namespaces of " + loaded.source() + ")");
        out.flush();
        // The attachments' namespaces are looked into too; their records stay: the next run wires them again.
        Plan plan = new Reconciler(kernel).teardown(Daemon.declaredWithSavedAttachments(loaded.state(), Daemon.DATA_DIR), op -> {
          out.println(op.action().symbol() + " " + op.describe());
          out.flush();
        });
        out.println(plan.operations().isEmpty() ? "Nothing to remove: netagent owns nothing here." : "Removed " + plan.operations().size()
            + " object(s).");
        try {
          CheckpointStore.at(Daemon.DATA_DIR).update(c -> c.afterDown(Instant.now()));
        } catch (RuntimeException e) {
          spec.commandLine().getErr().println("netagent: warning: the checkpoint could not be cleared (" + e.getMessage()
              + "): a later rollback may return to the configuration down removed");
        }
        return ExitCodes.OK;
      }
    }
  }
}
