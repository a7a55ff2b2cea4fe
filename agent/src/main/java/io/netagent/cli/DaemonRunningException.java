package io.netagent.cli;

import io.netagent.error.NetagentException;

/** apply or down was refused: the daemon runs and owns the kernel state. */
final class DaemonRunningException extends NetagentException {
  private static final long serialVersionUID = 1L;

  DaemonRunningException(String message) {
    super(message);
  }
}
