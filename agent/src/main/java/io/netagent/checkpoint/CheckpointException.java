package io.netagent.checkpoint;

import io.netagent.error.NetagentException;

/**
 * What the checkpoint store refuses or cannot do: nothing is waiting for confirmation, a change
 * is already being rolled back, or its record is damaged. The message says which, and what to do.
 */
public final class CheckpointException extends NetagentException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }
}
