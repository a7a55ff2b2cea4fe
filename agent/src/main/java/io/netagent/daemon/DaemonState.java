package io.netagent.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The running daemon's view, written to {@code daemon.json} in the state directory after every
 * reconcile so that {@code netagent status} can show it.
 *
 * @param pid the daemon's process id (the file is stale when it is not running)
 * @param lastReconcile the latest reconcile, or null before the first
 * @param driftRepaired how many reconciles after the first found the kernel changed and repaired it
 * @param lastReload the latest reload, or null
 * @param attachments how many attachments the live API made are in force
 * @param absent the containers whose namespace is gone, as the latest pass found
 * @param blocked the conflicts that block part of the configuration, as the latest pass found
 * @param lastProbe the latest periodic data-plane probe ({@code run --probe-every}), or null
 */
public record DaemonState(
    long pid,
    String started,
    String configuration,
    boolean ready,
    long reconciles,
    long driftRepaired,
    Reconcile lastReconcile,
    Reload lastReload,
    int attachments,
    List<String> absent,
    List<String> blocked,
    Probe lastProbe) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  public static final String FILE = "daemon.json";

  /**
   * One reconcile.
   *
   * @param result converged or failed
   * @param repairs the plan lines it applied
   */
  public record Reconcile(String at, String reason, String result, List<String> repairs, String error, long millis) {}

  /** One reload: applied, or rejected with the problems of the new file. */
  public record Reload(String at, String result, List<String> problems) {}

  /** One periodic data-plane probe: how many probes passed and failed, and each failure's line. */
  public record Probe(String at, long ok, long failed, List<String> failures) {}

  void write(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      Path tmp = stateDir.resolve("." + FILE + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stateDir.resolve(FILE), e);
    }
  }

  /** The state the daemon last wrote, if it wrote one and is still running. */
  public static Optional<DaemonState> readRunning(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      DaemonState state = JSON.readValue(file.toFile(), DaemonState.class);
      return ProcessHandle.of(state.pid()).filter(ProcessHandle::isAlive).map(p -> state);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
