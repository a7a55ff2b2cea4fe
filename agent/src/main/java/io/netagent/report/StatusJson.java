package io.netagent.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code objects} array of the status document: each object's name, state and plan lines. */
public final class StatusJson {
  private StatusJson() {}

  public static ArrayNode objects(List<StatusReport.Entry> entries) {
    ArrayNode objects = Json.PRETTY.createArrayNode();
    for (StatusReport.Entry e : entries) {
      ObjectNode o = objects.addObject();
      o.put("object", e.object());
      o.put("state", e.state());
      e.details().forEach(o.putArray("details")::add);
    }
    return objects;
  }
}
