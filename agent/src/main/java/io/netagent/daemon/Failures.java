package io.netagent.daemon;

import io.netagent.error.NetagentException;

/**
 * What the daemon's loop lives through: everything one request or one reconcile can throw, errors
 * included (a StackOverflowError is unwound by the time it is caught; a LinkageError concerns the
 * class that failed to link, not the loop), except a JVM that is itself in doubt.
 */
final class Failures {
  private Failures() {}

  /**
   * Whether the JVM cannot be trusted to go on after {@code e}: out of memory, or failing inside
   * (InternalError, UnknownError). The daemon then stops, and systemd starts a fresh one.
   */
  static boolean isFatal(Throwable e) {
    return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
  }

  /** One line for the log and the daemon's state: netagent's own message, or "internal error: " and what was thrown. */
  static String describe(Throwable e) {
    if (e instanceof NetagentException || e instanceof RuntimeException && e.getMessage() != null) {
      return e.getMessage();
    }
    return "internal error: " + e.toString().lines().findFirst().orElse(e.getClass().getName());
  }
}
