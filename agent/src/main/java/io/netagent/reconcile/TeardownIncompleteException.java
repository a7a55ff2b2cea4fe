package io.netagent.reconcile;

import io.netagent.error.NetagentException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Teardown keeps going when an operation fails, so that as much as possible is removed; this
 * reports every failure at the end.
 */
public class TeardownIncompleteException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient List<OperationFailedException> failures;

  public TeardownIncompleteException(List<OperationFailedException> failures) {
    super("teardown incomplete: " + failures.size() + " operation(s) failed:\n"
        + failures.stream().map(f -> "  " + f.getMessage().replace("\n", "\n  ")).collect(Collectors.joining("\n")));
    this.failures = List.copyOf(failures);
  }

  public List<OperationFailedException> failures() {
    return failures;
  }
}
