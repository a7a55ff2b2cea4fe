package io.netagent.reconcile;

import io.netagent.error.NetagentException;

/** Another netagent held the lock for longer than this one was willing to wait. */
public class LockTimeoutException extends NetagentException {
  private static final long serialVersionUID = 1L;

  public LockTimeoutException(String message) {
    super(message);
  }
}
