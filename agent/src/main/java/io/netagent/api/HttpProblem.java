package io.netagent.api;

import io.netagent.daemon.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * A request the API answers with an error status before (or instead of) asking the daemon: an
 * unknown path, a wrong method, a body too large.
 *
 * @see ErrorJson for the document it becomes
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  HttpProblem(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  HttpProblem(int status, String message) {
    this(status, message, Map.of());
  }

  Reply reply() {
    Reply reply = ErrorJson.reply(status, getMessage(), List.<RequestRejectedException.FieldProblem>of());
    for (Map.Entry<String, String> h : headers.entrySet()) {
      reply = reply.withHeader(h.getKey(), h.getValue());
    }
    return reply;
  }
}
