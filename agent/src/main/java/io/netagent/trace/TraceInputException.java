package io.netagent.trace;

import io.netagent.error.NetagentException;

/** A trace asked for something the command line or the configuration cannot give: the message says what and where. */
public final class TraceInputException extends NetagentException {
  private static final long serialVersionUID = 1L;

  public TraceInputException(String message) {
    super(message);
  }
}
