package io.netagent.plan;

import io.netagent.operations.Action;
import io.netagent.operations.Operation;
import java.util.List;

/**
 * The difference between the declared and the observed state: operations in dependency order,
 * each with whom it belongs to, the conflicts that block it, the containers that are absent, and
 * warnings that block nothing (such as a host process listening on a published port).
 */
public final class Plan {
  private final List<PlannedOperation> steps;
  private final List<Operation> operations;
  private final List<Conflict> conflicts;
  private final List<Absence> absences;
  private final List<String> warnings;

  public Plan(List<PlannedOperation> steps, List<Conflict> conflicts, List<Absence> absences, List<String> warnings) {
    this.steps = List.copyOf(steps);
    this.operations = this.steps.stream().map(PlannedOperation::operation).toList();
    this.conflicts = List.copyOf(conflicts);
    this.absences = List.copyOf(absences);
    this.warnings = List.copyOf(warnings);
  }

  /** The operations in the order they run, each with its owner. */
  public List<PlannedOperation> steps() {
    return steps;
  }

  /** The operations in the order they run. */
  public List<Operation> operations() {
    return operations;
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  /** The declared containers that are not there to wire (only under {@link PlanPolicy#perOwner()}). */
  public List<Absence> absences() {
    return absences;
  }

  public List<String> warnings() {
    return warnings;
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
