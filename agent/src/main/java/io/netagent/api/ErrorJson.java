package io.netagent.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.daemon.RequestRejectedException.FieldProblem;
import io.netagent.report.Json;
import java.util.List;

/**
 * The one shape of every 4xx and 5xx body:
 * {@code {"error": {"status": N, "message": "...", "problems": [{"field": "ip", "message": "..."}]}}}.
 * {@code problems} is always there, empty when the message says it all.
 */
final class ErrorJson {
  private ErrorJson() {}

  static ObjectNode document(int status, String message, List<FieldProblem> problems) {
    ObjectNode root = Json.PRETTY.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("status", status);
    error.put("message", message);
    ArrayNode list = error.putArray("problems");
    for (FieldProblem p : problems) {
      list.addObject().put("field", p.field()).put("message", p.message());
    }
    return root;
  }

  static Reply reply(int status, String message, List<FieldProblem> problems) {
    return Reply.json(status, document(status, message, problems));
  }
}
