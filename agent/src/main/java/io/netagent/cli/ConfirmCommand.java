package io.netagent.cli;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.daemon.Daemon;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent confirm}: keeps the change that waits for confirmation. */
@Command(name = "confirm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Keep the change that 'netagent apply --confirm-within' or 'netagent reload --confirm-within' applied: it becomes the confirmed configuration, " +
        "the one a later rollback returns to, and the waiting apply exits 0. Only the checkpoint in the data directory " +
        "($NETAGENT_DATA_DIR, default /var/lib/netagent) is written; the kernel is not touched. While the daemon runs, it " +
        "is asked through its API.",
        "Needs root (the checkpoint is root's). Exit code 0 when confirmed, 1 when nothing waits for confirmation (saying how " +
            "the last change ended) or the change is already being rolled back."})
final class ConfirmCommand implements Callable<Integer> {
  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (daemon.running().isPresent()) {
      out.println(daemon.post("/confirm", "{}"));
      return ExitCodes.OK;
    }
    Checkpoint confirmed = CheckpointStore.at(Daemon.DATA_DIR)
        .update(c -> c.confirm(Instant.now(), "netagent confirm, pid " + ProcessHandle.current().pid()));
    out.println("Confirmed " + confirmed.last().orElseThrow().change() + ": it is the configuration a rollback returns to from now on.");
    return ExitCodes.OK;
  }
}
