package io.netagent.cli;

import io.netagent.api.ApiSocket;
import io.netagent.daemon.DaemonState;
import java.util.List;

/**
 * What netagent(8) says that no command's {@code --help} holds: the exit codes, the environment
 * and the files. Defaults are written out, not read from the code's environment-dependent
 * constants, so the page does not change with the environment of the build.
 */
final class RootPageText {
  private RootPageText() {}

  /** A term and what it means, as a tagged paragraph. */
  record Item(String term, String text) {}

  /** A section of the page: its title and its items. */
  record Section(String title, List<Item> items) {}

  static List<Item> exitStatus() {
    return List.of(
        new Item(String.valueOf(ExitCodes.OK), "Success."),
        new Item(String.valueOf(ExitCodes.FAILURE), "A runtime failure: the kernel refused an operation, a plan is blocked by "
            + "conflicts, no daemon runs for attach, detach and attachments, the daemon refused a request, or netagent found a bug "
            + "of its own (one line on stderr, never a stack trace)."),
        new Item(String.valueOf(ExitCodes.USAGE), "Invalid usage or configuration, an attach request the daemon found invalid, or "
            + "a host without a library netagent needs (libnftables, from the nftables package): running again as it is fails "
            + "the same way, so the systemd unit does not restart the daemon on it."));
  }

  static Section environment() {
    return new Section("ENVIRONMENT", List.of(
        new Item("NETAGENT_STATE_DIR", "The state directory (default /run/netagent)."),
        new Item("NETAGENT_DATA_DIR", "The data directory (default /var/lib/netagent)."),
        new Item("NETAGENT_LOG", "The log level: ERROR, WARN, INFO (the default) or DEBUG, which adds timings and where an "
            + "internal error happened."),
        new Item("NETAGENT_JAVA_OPTS", "JVM options the launcher adds after its defaults, which they can override.")));
  }

  static Section files() {
    return new Section("FILES", List.of(
        new Item(ConfigSource.INSTALLED_PATH, "The configuration that commands read without -c."),
        new Item("/run/netagent/", "The state directory: the apply lock (lock), the daemon's API socket (" + ApiSocket.NAME
            + "), its view (" + DaemonState.FILE + ", which status shows) and the record of the namespaces netagent created."),
        new Item("/var/lib/netagent/", "The data directory: the attachments the daemon saved, restored at its next start, and "
            + "the checkpoint of apply --confirm-within, which outlives a reboot.")));
  }
}
