package io.netagent.plan;

import io.netagent.operations.Action;
import io.netagent.operations.Operation;
import java.util.List;

/**
 * The difference between the declared and the observed state: operations in dependency order,
 * the conflicts that block it, and warnings that do not (such as a host process listening on a
 * published port).
 */
public record Plan(List<Operation> operations, List<Conflict> conflicts, List<String> warnings) {

  public Plan {
    operations = List.copyOf(operations);
    conflicts = List.copyOf(conflicts);
    warnings = List.copyOf(warnings);
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
