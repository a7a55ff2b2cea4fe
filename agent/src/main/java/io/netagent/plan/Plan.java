package io.netagent.plan;

import java.util.List;

/**
 * The difference between the declared and the observed state: operations in dependency order,
 * and the conflicts that block it.
 */
public record Plan(List<Operation> operations, List<Conflict> conflicts) {

  public Plan {
    operations = List.copyOf(operations);
    conflicts = List.copyOf(conflicts);
  }

  /** True when the kernel already matches: nothing to do and nothing in the way. */
  public boolean isEmpty() {
    return operations.isEmpty() && conflicts.isEmpty();
  }

  public boolean isBlocked() {
    return !conflicts.isEmpty();
  }

  /** How many operations do {@code action}. */
  public long count(Action action) {
    return operations.stream().filter(op -> op.action() == action).count();
  }
}
