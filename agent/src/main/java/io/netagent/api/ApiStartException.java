package io.netagent.api;

import io.netagent.error.NetagentException;

/** The live API could not start listening; nothing was left behind. */
public final class ApiStartException extends NetagentException {
  private static final long serialVersionUID = 1L;

  ApiStartException(String message) {
    super(message);
  }

  ApiStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
