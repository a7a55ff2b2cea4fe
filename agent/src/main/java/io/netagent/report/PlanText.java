package io.netagent.report;

import io.netagent.operations.Action;
import io.netagent.operations.NatChange;
import io.netagent.operations.Operation;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.plan.Conflict;
import io.netagent.plan.Plan;

/** Renders a plan for people: one line per operation, like a diff, then a summary line. */
public final class PlanText {
  private PlanText() {}

  /** The plan as {@code netagent plan} prints it, headed by what was planned against what. */
  public static String render(Plan plan, String source, String kernel) {
    StringBuilder sb = new StringBuilder();
    sb.append("netagent plan: ").append(source).append(" against ").append(kernel).append("\n\n");
    for (Operation op : plan.operations()) {
      sb.append(line(op)).append('\n');
    }
    for (Conflict c : plan.conflicts()) {
      sb.append("! ").append(c).append('\n');
    }
    for (String w : plan.warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    if (!plan.operations().isEmpty() || !plan.conflicts().isEmpty() || !plan.warnings().isEmpty()) {
      sb.append('\n');
    }
    sb.append(summary(plan)).append('\n');
    return sb.toString();
  }

  /** One operation as the plan shows it, with the NAT changes on the lines below it. */
  public static String line(Operation op) {
    StringBuilder sb = new StringBuilder();
    sb.append(op.action().symbol()).append(' ').append(op.describe()).append("  (").append(op.reason().text()).append(")");
    if (op instanceof ReplaceNatTable nat) {
      for (NatChange change : nat.changes()) {
        sb.append("\n    ").append(change);
      }
    }
    return sb.toString();
  }

  private static String summary(Plan plan) {
    if (plan.isEmpty()) {
      return "No changes: the kernel matches the configuration.";
    }
    String counts = "Plan: " + plan.count(Action.CREATE) + " to create, " + plan.count(Action.CHANGE) + " to change, "
        + plan.count(Action.DELETE) + " to delete.";
    if (plan.isBlocked()) {
      counts += " Blocked by " + plan.conflicts().size() + " conflict(s): nothing will be applied until they are resolved.";
    }
    return counts;
  }
}
