package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.kernel.ForwardingKernel;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.Scope;
import io.netagent.observed.ObservedState;
import io.netagent.plan.Plan;
import io.netagent.reconcile.ApplyLock;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.PlanText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netagent apply}: makes the live kernel match the configuration. */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Make the live kernel match the configuration: observe, plan, run the plan, observe again.",
        "Prints each operation as it runs. Fails, changing nothing, when conflicts block the plan; stops at " +
            "the first operation the kernel refuses (with its errno and message); running apply again continues " +
            "from there.",
        "Refused at once while the netagent daemon runs: it owns the kernel state (change the file and reload it instead).",
        "Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN). Exit code 0 when the kernel matches, 1 on failure, 2 for bad input " +
            "or a host without libnftables."})
final class ApplyCommand implements Callable<Integer> {
  @Mixin
  ChangeConfigOption config;

  @Mixin
  LockOption lock;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  /**
   * Fault injection for crash tests: after K operations, say so on stderr and wait for a line on
   * stdin before going on, so that a test can kill the process at an exact point, or change the
   * kernel under it. K may be the plan's length: then apply pauses after its last operation,
   * before it observes the kernel again to verify it.
   */
  @Option(names = "--pause-after", hidden = true, paramLabel = "K")
  int pauseAfter = -1;

  @Option(names = "--probe", description = "After a successful apply, run the data-plane probe (see 'netagent probe --help'); "
      + "exit code 1 when a probe fails (the applied state stays).")
  boolean probe;

  @Override
  public Integer call() {
    DaemonGuard.refuseApply(daemon);
    try (KernelOpening opening = KernelOpening.live()) {
      LoadedConfig loaded = config.load();
      PrintWriter out = spec.commandLine().getOut();
      try (ApplyLock held = lock.acquire(spec.commandLine().getErr()); Kernel kernel = opening.take()) {
        out.println("netagent apply: " + loaded.source() + " to the " + kernel.description());
        out.flush();
        int[] done = {0};
        Kernel pausing = pauseAfter <= 0 ? kernel : new PausingBeforeObserve(kernel, () -> {
          if (done[0] == pauseAfter) {
            pause();
          }
        });
        Plan plan = new Reconciler(pausing).apply(loaded.state(), op -> {
          if (done[0]++ == pauseAfter) {
            pause();
          }
          out.println(PlanText.line(op));
          out.flush();
        });
        out.println(plan.operations().isEmpty()
            ? "No changes: the kernel already matches the configuration."
            : "Applied " + plan.operations().size() + " operation(s); the kernel matches the configuration.");
        return probe ? DataPlaneCheck.run(loaded.state(), kernel, out, false) : ExitCodes.OK;
      }
    }
  }

  /**
   * The kernel, with {@code beforeObserve} run before each observation: how {@code --pause-after}
   * reaches the point after the last operation, where the reconciler observes the kernel again.
   */
  private static final class PausingBeforeObserve extends ForwardingKernel {
    private final Runnable beforeObserve;

    PausingBeforeObserve(Kernel kernel, Runnable beforeObserve) {
      super(kernel);
      this.beforeObserve = beforeObserve;
    }

    @Override
    public ObservedState observe(Scope scope) {
      beforeObserve.run();
      return super.observe(scope);
    }
  }

  private void pause() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("netagent: paused after operation " + pauseAfter);
    err.flush();
    try {
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin while paused", e);
    }
  }
}
