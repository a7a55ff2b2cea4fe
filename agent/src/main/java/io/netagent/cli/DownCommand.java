package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Kernel;
import io.netagent.plan.Plan;
import io.netagent.reconcile.ApplyLock;
import io.netagent.reconcile.Reconciler;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent down}: removes everything netagent owns. */
@Command(name = "down", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Remove everything netagent owns from the live kernel, in teardown order: NAT first, then veths, " +
        "bridges, and the namespaces netagent created. Nothing it does not own is touched. Keeps going past a" +
        " failure and reports every one at the end.",
        "Refused at once while the netagent daemon runs (stop it first). Needs root. Exit code 0 when everything owned is " +
            "gone, 1 otherwise."})
final class DownCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

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
      LoadedConfig loaded = config.loadForChange(spec);
      PrintWriter out = spec.commandLine().getOut();
      try (ApplyLock held = lock.acquire(spec.commandLine().getErr()); Kernel kernel = opening.take()) {
        out.println("netagent down: everything netagent owns in the " + kernel.description() + " (namespaces of " + loaded.source() + ")");
        out.flush();
        Plan plan = new Reconciler(kernel).teardown(loaded.state(), op -> {
          out.println(op.action().symbol() + " " + op.describe());
          out.flush();
        });
        out.println(plan.operations().isEmpty() ? "Nothing to remove: netagent owns nothing here." : "Removed " + plan.operations().size()
            + " object(s).");
        return ExitCodes.OK;
      }
    }
  }
}
