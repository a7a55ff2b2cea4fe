package io.netagent.cli;

import io.netagent.api.ApiProtocol;
import io.netagent.api.ApiResponse;
import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Kernel;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.PlanJson;
import io.netagent.report.PlanText;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent plan}: shows what apply would do, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Show what it takes to make the kernel match the configuration; changes nothing.",
        "One line per operation, in the order apply runs them: '+' creates, '~' changes, '-' deletes; '!' " +
            "marks a conflict (something netagent does not own stands in the way).",
        "Changes nothing. Root plans against the live kernel, any other user against an empty in-memory one (--kernel).",
        "Without -c and --kernel, while the netagent daemon runs (and this user may connect to it), the plan is the " +
            "daemon's own: its configuration and attachments against the live kernel as it sees it now (the header says " +
            "so). With -c or --kernel, this command plans by itself, knowing nothing of the daemon's attachments.",
        "Exit code 0 when the plan can be applied, 1 when conflicts block it, 2 for an invalid configuration (or, for the " +
            "live kernel, a host without libnftables)."})
final class PlanCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Mixin
  KernelOption kernelOption;

  @Mixin
  OutputOption output;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (config.file == null && kernelOption.choice == null) {
      Optional<ApiResponse> answer = daemon.askIfReachable(output.json() ? "/plan" : "/plan?format=text");
      if (answer.isPresent()) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(answer.get().body());
        out.flush();
        return answer.get().header(ApiProtocol.PLAN_BLOCKED_HEADER).orElse("false").equals("true") ? ExitCodes.FAILURE : ExitCodes.OK;
      }
    }
    LoadedConfig loaded;
    Plan plan;
    String kernelName;
    try (KernelOpening opening = kernelOption.start()) {
      loaded = config.load();
      try (Kernel kernel = opening.take()) {
        plan = new Reconciler(kernel).plan(loaded.state());
        kernelName = KernelOption.describe(kernel);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(PlanJson.render(plan, loaded.source(), kernelName));
    } else {
      out.print(PlanText.render(plan, loaded.source(), kernelName));
    }
    out.flush();
    return plan.isBlocked() ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
