package io.netagent.cli;

import java.util.OptionalLong;

/**
 * Refuses {@code apply} and {@code down} at once while the daemon runs. It holds the apply lock
 * for as long as it runs, so they would only wait for the lock and time out; and it would undo
 * what they did anyway. The message says what to do instead.
 */
final class DaemonGuard {
  private DaemonGuard() {}

  static void refuseApply(DaemonOption daemon) {
    daemon.running().ifPresent(pid -> {
      throw new DaemonRunningException(owner(pid) + ": change the file and reload it (systemctl reload netagent"
          + (pid.isPresent() ? ", or kill -HUP " + pid.getAsLong() : "") + ")");
    });
  }

  static void refuseDown(DaemonOption daemon) {
    daemon.running().ifPresent(pid -> {
      throw new DaemonRunningException(owner(pid) + ": stop it first (systemctl stop netagent), then run netagent down");
    });
  }

  private static String owner(OptionalLong pid) {
    return "the netagent daemon" + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "") + " is running and owns the kernel state";
  }
}
