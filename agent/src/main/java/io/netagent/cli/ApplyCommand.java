package io.netagent.cli;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.checkpoint.ConfirmWindow;
import io.netagent.checkpoint.Rollback;
import io.netagent.checkpoint.Waiter;
import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import io.netagent.daemon.Daemon;
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
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code netagent apply}: makes the live kernel match the configuration. */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Make the live kernel match the configuration: observe, plan, run the plan, observe again.",
        "Prints each operation as it runs. Fails, changing nothing, when conflicts block the plan; stops at " +
            "the first operation the kernel refuses (with its errno and message); running apply again continues " +
            "from there.",
        "Refused at once while the netagent daemon runs: it owns the kernel state (change the file and reload it instead).",
        "A successful apply is the confirmed configuration: what a later rollback returns to (see --confirm-within). A change " +
            "that was never confirmed and whose waiting apply is gone (killed, or the host rebooted) is rolled back first, and " +
            "apply says so.",
        "Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN). Exit code 0 when the kernel matches, 1 on failure, 2 for bad input " +
            "or a host without libnftables."})
final class ApplyCommand implements Callable<Integer> {
  @Mixin
  ChangeConfigOption config;

  @Mixin
  LockOption lock;

  @Mixin
  DaemonOption daemon;

  @Option(names = "--confirm-within", paramLabel = "DURATION", converter = WindowConverter.class,
      description = {"Apply, then roll the change back to the last confirmed configuration (links, addresses, routes, " +
          "neighbours, the NAT table, namespaces it created) unless 'netagent confirm' comes within DURATION (90s, 5m, " +
          "1h30m; at most 24h). apply waits, holding the apply lock: exit 0 once confirmed, 1 after rolling back (at the " +
          "deadline, on 'netagent rollback', SIGINT or SIGTERM). SIGHUP is ignored, so closing the terminal does not end the " +
          "wait; if apply is killed, the next apply or run rolls the change back. The checkpoint is kept in the data " +
          "directory ($NETAGENT_DATA_DIR, default /var/lib/netagent), so it outlives a reboot."})
  Duration confirmWithin;

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
      + "exit code 1 when a probe fails (the applied state stays). With --confirm-within, the probe runs before the wait, so "
      + "its answer is there to confirm or roll back on.")
  boolean probe;

  @Override
  public Integer call() {
    DaemonGuard.refuseApply(daemon);
    try (KernelOpening opening = KernelOpening.live()) {
      String text = config.text();
      LoadedConfig loaded = ConfigLoader.parse(config.path(), text);
      CheckpointStore checkpoints = CheckpointStore.at(Daemon.DATA_DIR);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (ApplyLock held = lock.acquire(err); Kernel kernel = opening.take()) {
        RollbackText.ifAbandoned(kernel, checkpoints, out, err);
        Checkpoint.Configuration applied = new Checkpoint.Configuration(config.path().toString(), text, Instant.now());
        out.println("netagent apply: " + loaded.source() + " to the " + kernel.description());
        if (confirmWithin == null) {
          apply(kernel, loaded, out);
          try {
            checkpoints.update(c -> c.withConfirmed(applied));
          } catch (RuntimeException e) {
            // The kernel matches: that is what apply promised. A later rollback would return to an older configuration.
            err.println("netagent: warning: this configuration could not be recorded as the confirmed one (" + e.getMessage()
                + (e.getCause() != null ? ": " + e.getCause().getMessage() : "") + "); a later rollback returns to the one before it");
          }
          return probe ? DataPlaneCheck.run(loaded.state(), kernel, out, false) : ExitCodes.OK;
        }
        Checkpoint.Pending change = new Checkpoint.Pending(applied, applied.at().plus(confirmWithin), Waiter.current(), "apply",
            Checkpoint.State.WAITING);
        Checkpoint begun = checkpoints.update(c -> c.begin(change));
        out.println("Unless confirmed within " + confirmWithin.toSeconds() + " s, this change is rolled back to " + begun.describeTarget() + ".");
        out.flush();
        try {
          apply(kernel, loaded, out);
        } catch (RuntimeException e) {
          String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll(":$", "");
          err.println("netagent: the change failed (" + why + "); rolling it back");
          err.flush();
          try {
            out.println(RollbackText.summary(Rollback.run(new Reconciler(kernel), checkpoints, "the change failed: " + why,
                RollbackText.printing(out))));
          } catch (RuntimeException again) {
            // The change's own failure is what apply reports; the rollback stays recorded, to be done again.
            err.println("netagent: the rollback failed too (" + again.getMessage() + "); the next apply or run rolls the change back");
          }
          throw e;
        }
        // The probe's answer comes before the wait: it is what the operator confirms or rolls back on.
        int probed = probe ? DataPlaneCheck.run(loaded.state(), kernel, out, false) : ExitCodes.OK;
        out.println("Run 'netagent confirm' " + RollbackText.deadline(change) + " to keep it, or 'netagent rollback' to undo it now. "
            + "Waiting.");
        out.flush();
        int waited = new ConfirmWait(kernel, checkpoints, out).await(change);
        return waited != ExitCodes.OK ? waited : probed;
      }
    }
  }

  private void apply(Kernel kernel, LoadedConfig loaded, PrintWriter out) {
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
  }

  /** {@code --confirm-within}'s value: a window of {@link ConfirmWindow}'s form, else exit 2 saying what is accepted. */
  static final class WindowConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return ConfirmWindow.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
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
