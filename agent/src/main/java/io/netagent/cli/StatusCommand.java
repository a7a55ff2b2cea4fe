package io.netagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.config.LoadedConfig;
import io.netagent.daemon.DaemonState;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netagent status}: each declared object against the live kernel. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Show each declared object against the live kernel: converged, differs (and how), missing, or blocked" +
        " by a conflict; and owned objects no longer declared. Changes nothing. Exit code 0 when it could " +
        "report."})
final class StatusCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  PlanCommand.OutputFormat output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    LoadedConfig loaded;
    Plan plan;
    try (KernelOpening opening = KernelOpening.live()) {
      loaded = config.load();
      try (Kernel kernel = opening.take()) {
        plan = new Reconciler(kernel).plan(loaded.state());
      }
    }
    List<StatusReport.Entry> entries = StatusReport.of(loaded.state(), plan);
    Optional<DaemonState> daemon = DaemonState.readRunning(NetlinkKernel.STATE_DIR);
    PrintWriter out = spec.commandLine().getOut();
    if (output == PlanCommand.OutputFormat.json) {
      ObjectNode root = Json.PRETTY.createObjectNode();
      root.put("configuration", loaded.source());
      daemon.ifPresentOrElse(d -> root.set("daemon", Json.PRETTY.valueToTree(d)), () -> root.putNull("daemon"));
      ArrayNode objects = root.putArray("objects");
      for (StatusReport.Entry e : entries) {
        ObjectNode o = objects.addObject();
        o.put("object", e.object());
        o.put("state", e.state());
        e.details().forEach(o.putArray("details")::add);
      }
      out.println(Json.PRETTY.writeValueAsString(root));
    } else {
      out.println("netagent status: " + loaded.source() + " against the live kernel");
      out.println(daemon.map(StatusCommand::describe).orElse("daemon: not running"));
      out.println();
      Map<String, Integer> counts = new TreeMap<>();
      for (StatusReport.Entry e : entries) {
        out.printf("%-60s %s%n", e.label(), e.state());
        e.details().forEach(d -> out.println("    " + d.replace("\n", "\n    ")));
        counts.merge(e.state(), 1, Integer::sum);
      }
      out.println();
      StringBuilder summary = new StringBuilder();
      counts.forEach((state, n) -> summary.append(summary.length() == 0 ? "" : ", ").append(n).append(' ').append(state));
      out.println(summary.append('.'));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static String describe(DaemonState d) {
    String last = d.lastReconcile() == null ? "no reconcile yet"
        : "last reconcile " + d.lastReconcile().at() + " (" + d.lastReconcile().reason() + ": " + d.lastReconcile().result() + ")";
    String reload = d.lastReload() == null ? "" : "; last reload " + d.lastReload().at() + " " + d.lastReload().result();
    return "daemon: running (pid " + d.pid() + ", since " + d.started() + ", " + d.configuration() + "); " + last + "; drift repaired "
        + d.driftRepaired() + " time(s)" + reload;
  }
}
