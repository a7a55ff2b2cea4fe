package io.netagent.model;

/** Adding something to the model whose key is already taken, such as a published host port. */
public class AlreadyExistsException extends ModelException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(message);
  }
}
