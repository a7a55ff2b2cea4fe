package io.netagent.linux;

/**
 * A native library netagent needs cannot be loaded on this host. Nothing was attempted: the
 * host's setup must change first (the message says what to install), so running again as it is
 * fails the same way.
 */
public class NativeUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NativeUnavailableException(String message) {
    super(message);
  }
}
