package io.netagent.shim;

/** Nothing listens on the daemon's socket: it is missing, or the connection is refused. */
final class DaemonAbsentException extends Exception {
  private static final long serialVersionUID = 1L;

  DaemonAbsentException(String socket) {
    super("the netagent daemon is not running (no socket at " + socket + ")", null, false, false);
  }
}
