package io.netagent.reconcile;

import io.netagent.error.NetagentException;
import io.netagent.operations.Operation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every operation succeeded, yet observing the kernel again still shows differences: something
 * changed it meanwhile, or the kernel did not keep what it accepted.
 */
public class NotConvergedException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient List<Operation> remaining;

  public NotConvergedException(List<Operation> remaining) {
    super("the kernel still differs after applying the plan (" + remaining.size() + " operation(s) remain):\n"
        + remaining.stream().map(op -> "  " + op.action().symbol() + " " + op.describe() + "  (" + op.reason().text() + ")")
            .collect(Collectors.joining("\n")));
    this.remaining = List.copyOf(remaining);
  }

  public List<Operation> remaining() {
    return remaining;
  }
}
