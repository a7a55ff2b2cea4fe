package io.netagent.model;

import io.netagent.error.NetagentException;

/** A value or combination of values that breaks a rule of the network model. */
public class ModelException extends NetagentException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }
}
