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

/** {@code netagent attachments}: the running daemon's attachments, or one of them. */
@Command(name = "attachments", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"List the running netagent daemon's attachments, one per line, in the order they were made; or show one.",
        "Exit code 0 when answered, 1 when the daemon is not running or has no attachment ID."})
final class AttachmentsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", arity = "0..1", description = "Show only this attachment.")
  String id;

  @Mixin
  OutputOption output;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ApiResponse response = daemon.client().call("GET", id == null ? "/attachments" : "/attachments/" + ApiClient.segment(id), null);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.print(response.body());
    } else if (id != null) {
      out.println(AttachmentText.line(response.json()));
    } else {
      JsonNode list = response.json();
      list.forEach(a -> out.println(AttachmentText.line(a)));
      if (list.isEmpty()) {
        out.println("No attachments.");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
