package io.netagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.api.ApiClient;
import io.netagent.api.ApiResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netagent detach}: asks the running daemon to remove an attachment. */
@Command(name = "detach", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Ask the running netagent daemon to remove an attachment: its veth pair, routes and published ports. " +
        "Returns once the kernel is converged without it. Detaching what is not attached succeeds too (runtimes retry).",
        "Exit code 0 when it is gone, 1 when the daemon is not running or failed."})
final class DetachCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "The attachment's id.")
  String id;

  @Mixin
  OutputOption output;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ApiResponse response = daemon.client().call("DELETE", "/attachments/" + ApiClient.segment(id), null);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.print(response.body());
    } else {
      JsonNode answer = response.json();
      out.println(answer.path("existed").asBoolean() ? "detached " + id : id + " was not attached: nothing to do");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
