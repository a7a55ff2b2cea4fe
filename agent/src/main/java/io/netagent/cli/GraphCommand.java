package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.daemon.Daemon;
import io.netagent.kernel.Kernel;
import io.netagent.model.DesiredState;
import io.netagent.plan.Plan;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.GraphDot;
import io.netagent.report.StatusReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent graph}: the declared topology in the states {@code status} gives, as Graphviz DOT. */
@Command(name = "graph", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Print the declared topology as Graphviz DOT, each object in the state 'status' gives it against the kernel: "
        + "a cluster per network with its bridge (gateways, subnets, NAT of each family, isolation) and its containers "
        + "(namespace, interface, addresses, MAC; the edge to the bridge is labelled with the host end of the veth pair), "
        + "and an edge from the host to a container per published port and family.",
        "What is not converged is drawn orange and dashed (missing, differs, absent), red when a conflict blocks it, with "
            + "its state in the label and the plan lines behind it as the tooltip. Render it with: netagent graph | dot -Tsvg > net.svg",
        "Changes nothing. Against the live kernel, declared means the file and the attachments the daemon saved, as for "
            + "status; against the in-memory kernel, the file. Exit code 0 when it could draw, 1 when not, 2 for an invalid "
            + "configuration or (for the live kernel) a host without libnftables."})
final class GraphCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Mixin
  KernelOption kernelOption;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    LoadedConfig loaded;
    DesiredState declared;
    Plan plan;
    String kernelName;
    try (KernelOpening opening = kernelOption.start()) {
      loaded = config.load();
      boolean live = kernelOption.effective() == KernelOption.Choice.live;
      declared = live ? Daemon.declaredWithSavedAttachments(loaded.state(), Daemon.DATA_DIR) : loaded.state();
      try (Kernel kernel = opening.take()) {
        // As status sees it: a conflict marks only its owner, and a container whose namespace is gone is absent.
        plan = new Reconciler(kernel, PlanPolicy.daemon(true)).plan(declared);
        kernelName = KernelOption.describe(kernel);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(GraphDot.render(declared, StatusReport.of(declared, plan), "netagent graph: " + loaded.source() + " against " + kernelName));
    out.flush();
    return ExitCodes.OK;
  }
}
