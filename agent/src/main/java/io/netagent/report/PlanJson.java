package io.netagent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.operations.Action;
import io.netagent.operations.NatChange;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.plan.Conflict;
import io.netagent.plan.Plan;
import java.util.Locale;

/**
 * Renders a plan for machines: a top-level object whose {@code operations} array has one object
 * per operation, in execution order, plus {@code conflicts} and a {@code summary}.
 */
public final class PlanJson {
  private PlanJson() {}

  /** The plan as one JSON document; {@code kernel} names what it was planned against. */
  public static String render(Plan plan, String source, String kernel) {
    ObjectNode root = Json.PRETTY.createObjectNode();
    root.put("version", 1);
    root.put("configuration", source);
    root.put("kernel", kernel);
    ArrayNode operations = root.putArray("operations");
    int index = 1;
    for (Operation op : plan.operations()) {
      operations.add(operation(op, index++));
    }
    ArrayNode conflicts = root.putArray("conflicts");
    for (Conflict c : plan.conflicts()) {
      ObjectNode node = conflicts.addObject();
      node.put("namespace", c.namespace().display());
      node.put("object", c.object());
      node.put("message", c.message());
    }
    ArrayNode warnings = root.putArray("warnings");
    plan.warnings().forEach(warnings::add);
    ObjectNode summary = root.putObject("summary");
    for (Action a : Action.values()) {
      summary.put(name(a), plan.count(a));
    }
    summary.put("conflicts", plan.conflicts().size());
    summary.put("blocked", plan.isBlocked());
    try {
      return Json.PRETTY.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  private static ObjectNode operation(Operation op, int index) {
    ObjectNode node = Json.PRETTY.createObjectNode();
    node.put("index", index);
    node.put("action", name(op.action()));
    node.put("type", op.type());
    node.put("namespace", op.namespace().display());
    node.put("object", op.object());
    if (!op.change().isEmpty()) {
      node.put("change", op.change());
    }
    ObjectNode reason = node.putObject("reason");
    reason.put("kind", op.reason().kind());
    reason.put("text", op.reason().text());
    if (op.reason() instanceof Reason.Differs d) {
      reason.put("field", d.field());
      reason.put("was", d.was());
      reason.put("wants", d.wants());
    }
    node.put("command", op.command());
    if (op instanceof ReplaceNatTable nat) {
      ArrayNode changes = node.putArray("changes");
      for (NatChange change : nat.changes()) {
        ObjectNode c = changes.addObject();
        c.put("action", name(change.action()));
        c.put("text", change.text());
      }
    }
    return node;
  }

  private static String name(Action action) {
    return action.name().toLowerCase(Locale.ROOT);
  }
}
