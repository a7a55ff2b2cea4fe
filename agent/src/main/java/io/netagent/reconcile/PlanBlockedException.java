package io.netagent.reconcile;

import io.netagent.error.NetagentException;
import io.netagent.plan.Conflict;
import java.util.List;
import java.util.stream.Collectors;

/** A plan cannot be applied because objects netagent does not own stand in its way. Nothing was changed. */
public class PlanBlockedException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient List<Conflict> conflicts;

  public PlanBlockedException(List<Conflict> conflicts) {
    super("the plan is blocked by " + conflicts.size() + " conflict(s); nothing was changed:\n"
        + conflicts.stream().map(c -> "  ! " + c).collect(Collectors.joining("\n")));
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }
}
