package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Kernel;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netagent plan}: shows what apply would do, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Show what it takes to make the kernel match the configuration; changes nothing.",
        "One line per operation, in the order apply runs them: '+' creates, '~' changes, '-' deletes; '!' " +
            "marks a conflict (something netagent does not own stands in the way).",
        "Changes nothing. Root plans against the live kernel, any other user against an empty in-memory one (--kernel).",
        "Exit code 0 when the plan can be applied, 1 when conflicts block it, 2 for an invalid configuration."})
final class PlanCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Mixin
  KernelOption kernelOption;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Spec
  CommandSpec spec;

  enum OutputFormat {
    text,
    json
  }

  @Override
  public Integer call() {
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
    if (output == OutputFormat.json) {
      out.println(PlanJson.render(plan, loaded.source(), kernelName));
    } else {
      out.print(PlanText.render(plan, loaded.source(), kernelName));
    }
    out.flush();
    return plan.isBlocked() ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
