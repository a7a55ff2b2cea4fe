package io.netagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.api.ApiAccessDeniedException;
import io.netagent.api.ApiClient;
import io.netagent.api.ApiResponse;
import io.netagent.api.ApiSocket;
import io.netagent.api.DaemonNotRunningException;
import io.netagent.daemon.DaemonState;
import io.netagent.kernel.netlink.NetlinkKernel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * How a command finds the running daemon: its API socket and its state file, both in the state
 * directory ({@code $NETAGENT_STATE_DIR}, default /run/netagent). The hidden {@code --state-dir}
 * lets tests point a command at a daemon of their own.
 */
final class DaemonOption {
  @Option(names = "--state-dir", hidden = true, paramLabel = "DIR", description = "The daemon's state directory (for tests).")
  Path stateDir = NetlinkKernel.STATE_DIR;

  ApiClient client() {
    return new ApiClient(ApiSocket.path(stateDir));
  }

  /** The message the daemon answers a POST with ({@code /reload}, {@code /confirm}, {@code /rollback}). */
  String post(String target, String body) {
    return client().call("POST", target, body).json().path("message").asText();
  }

  /** The daemon's answer to a GET, or empty when no daemon runs (the caller then does the work itself). */
  Optional<ApiResponse> askIfRunning(String target) {
    try {
      return Optional.of(client().call("GET", target, null));
    } catch (DaemonNotRunningException e) {
      return Optional.empty();
    }
  }

  /** As {@link #askIfRunning}, and empty too when this user may not connect (the caller can do without the daemon). */
  Optional<ApiResponse> askIfReachable(String target) {
    try {
      return askIfRunning(target);
    } catch (ApiAccessDeniedException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a daemon runs, and its pid when known: its state file names a live process, or its
   * socket answers (an answer of any status; the pid is in a successful one). Empty also when
   * this user may not connect: then nothing can be told.
   */
  Optional<OptionalLong> running() {
    Optional<DaemonState> state = DaemonState.readRunning(stateDir);
    if (state.isPresent()) {
      return Optional.of(OptionalLong.of(state.get().pid()));
    }
    try {
      ApiResponse answer = client().exchange("GET", "/status", null);
      JsonNode pid = answer.status() == 200 ? answer.json().path("daemon").path("pid") : null;
      return Optional.of(pid != null && pid.canConvertToLong() ? OptionalLong.of(pid.asLong()) : OptionalLong.empty());
    } catch (DaemonNotRunningException | ApiAccessDeniedException e) {
      return Optional.empty();
    }
  }
}
