package io.netagent.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code objects} array of the status document: each object's name, what it is (a network's
 * bridge and subnets with gateways, a container's namespace and addresses, of each family it
 * has), its state and plan lines.
 */
public final class StatusJson {
  private StatusJson() {}

  public static ArrayNode objects(List<StatusReport.Entry> entries) {
    ArrayNode objects = Json.PRETTY.createArrayNode();
    for (StatusReport.Entry e : entries) {
      ObjectNode o = objects.addObject();
      o.put("object", e.object());
      e.facts().forEach(o::put);
      o.put("state", e.state());
      e.details().forEach(o.putArray("details")::add);
    }
    return objects;
  }
}
