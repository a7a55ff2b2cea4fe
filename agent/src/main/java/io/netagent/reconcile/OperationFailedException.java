package io.netagent.reconcile;

import io.netagent.error.NetagentException;
import io.netagent.kernel.KernelException;
import io.netagent.operations.Operation;

/**
 * An operation of a plan was refused by the kernel. The operations before it took effect; running
 * apply again plans from the state the kernel is in and continues from there.
 */
public class OperationFailedException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient Operation operation;
  private final int index;
  private final int total;

  public OperationFailedException(Operation operation, int index, int total, KernelException cause) {
    super("operation " + index + " of " + total + " failed: " + operation.describe() + "\n  " + cause.getMessage(), cause);
    this.operation = operation;
    this.index = index;
    this.total = total;
  }

  public Operation operation() {
    return operation;
  }

  /** 1-based position of the failed operation in its plan. */
  public int index() {
    return index;
  }

  public int total() {
    return total;
  }

  @Override
  public synchronized KernelException getCause() {
    return (KernelException) super.getCause();
  }
}
