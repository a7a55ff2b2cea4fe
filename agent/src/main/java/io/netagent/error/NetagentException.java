package io.netagent.error;

/**
 * The root of every error netagent reports. Subtypes say what went wrong (configuration, model
 * rule, kernel refusal, blocked plan); the CLI alone maps them to exit codes.
 */
public abstract class NetagentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected NetagentException(String message) {
    super(message);
  }

  protected NetagentException(String message, Throwable cause) {
    super(message, cause);
  }
}
