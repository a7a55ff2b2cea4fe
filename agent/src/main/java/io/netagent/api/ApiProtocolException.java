package io.netagent.api;

import io.netagent.error.NetagentException;

/** The daemon's answer could not be read: cut off, not HTTP, or not the JSON it should be. */
public final class ApiProtocolException extends NetagentException {
  private static final long serialVersionUID = 1L;

  ApiProtocolException(String message) {
    super(message);
  }
}
