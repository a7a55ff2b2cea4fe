package io.netagent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netagent reload}: asks the running daemon to re-read its configuration file, optionally on probation. */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Ask the running netagent daemon to re-read its configuration file and apply it, as SIGHUP does, and wait " +
        "until it is applied. An invalid file, or one that clashes with attachments, is refused and the last good " +
        "configuration stays. Refused while a change waits for confirmation.",
        "Exit code 0 when applied (the message says when the kernel did not converge yet: the daemon retries), 1 when the " +
            "daemon is not running, a change already waits, or a change on probation failed and was rolled back, 2 when the " +
            "file is invalid (each problem printed)."})
final class ReloadCommand implements Callable<Integer> {
  @Option(names = "--confirm-within", paramLabel = "DURATION", converter = ApplyCommand.WindowConverter.class,
      description = {"Roll the change back to the last confirmed configuration unless 'netagent confirm' comes within " +
          "DURATION (90s, 5m, 1h30m; at most 24h). The daemon keeps the timer, and runs the confirmed configuration after " +
          "a rollback until the next reload. If the daemon dies inside the window, its next start rolls the change back " +
          "(the checkpoint is in the data directory and outlives a reboot)."})
  Duration confirmWithin;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String body = confirmWithin == null ? "{}" : "{\"confirmWithin\": \"" + confirmWithin.toSeconds() + "s\"}";
    PrintWriter out = spec.commandLine().getOut();
    out.println(daemon.post("/reload", body));
    return ExitCodes.OK;
  }
}
