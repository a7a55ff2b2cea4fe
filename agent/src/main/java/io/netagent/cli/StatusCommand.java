package io.netagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netagent.api.ApiResponse;
import io.netagent.api.StatusDocument;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.config.LoadedConfig;
import io.netagent.daemon.Daemon;
import io.netagent.daemon.DaemonState;
import io.netagent.kernel.Kernel;
import io.netagent.model.DesiredState;
import io.netagent.plan.Plan;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.Json;
import io.netagent.report.StatusReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent status}: each declared object against the live kernel, from the daemon when it runs. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Show each declared object against the live kernel: converged, differs (and how), missing, absent " +
        "(its namespace is gone), or blocked by a conflict; and owned objects no longer declared. Declared means the file " +
        "and the attachments the daemon saved. Changes nothing. Exit code 0 when it could report, 1 when not, 2 for an " +
        "invalid configuration or a host without libnftables.",
        "While the netagent daemon runs, the answer is the daemon's (its configuration and attachments; the header says " +
            "so); with -c, or when no daemon runs, this command looks at the kernel itself."})
final class StatusCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Mixin
  OutputOption output;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    boolean json = output.json();
    if (config.file == null) {
      Optional<ApiResponse> answer = daemon.askIfRunning(json ? "/status" : "/status?format=text");
      if (answer.isPresent()) {
        out.print(answer.get().body());
        out.flush();
        return ExitCodes.OK;
      }
    }
    LoadedConfig loaded;
    DesiredState declared;
    Plan plan;
    try (KernelOpening opening = KernelOpening.live()) {
      loaded = config.load();
      declared = Daemon.declaredWithSavedAttachments(loaded.state(), Daemon.DATA_DIR);
      try (Kernel kernel = opening.take()) {
        // As the daemon sees it: a container whose namespace is gone is absent, not a conflict.
        plan = new Reconciler(kernel, PlanPolicy.daemon(true)).plan(declared);
      }
    }
    List<StatusReport.Entry> entries = StatusReport.of(declared, plan);
    Optional<DaemonState> running = DaemonState.readRunning(daemon.stateDir);
    Optional<String> checkpoint = CheckpointStore.at(Daemon.DATA_DIR).statusLine();
    if (json) {
      out.println(Json.PRETTY.writeValueAsString(StatusDocument.json(loaded.source(), running, checkpoint, entries)));
    } else {
      out.print(StatusDocument.text("netagent status: " + loaded.source() + " against the live kernel", running, checkpoint.stream().toList(), entries));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
