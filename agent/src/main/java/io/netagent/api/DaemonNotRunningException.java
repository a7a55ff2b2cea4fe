package io.netagent.api;

import io.netagent.error.NetagentException;
import java.nio.file.Path;

/** Nothing answers on the API socket: it is missing, or a stale file nobody listens on. */
public final class DaemonNotRunningException extends NetagentException {
  private static final long serialVersionUID = 1L;

  DaemonNotRunningException(Path socket) {
    super("the netagent daemon is not running (no socket at " + socket + ")");
  }
}
