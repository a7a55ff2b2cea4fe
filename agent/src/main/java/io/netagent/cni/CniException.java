package io.netagent.cni;

import io.netagent.error.NetagentException;

/** A CNI request that fails with {@link #error()}; nothing was changed. */
public final class CniException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient CniError error;

  public CniException(int code, String msg, String details) {
    super(msg);
    this.error = new CniError(code, msg, details);
  }

  public CniError error() {
    return error;
  }
}
