package io.netagent.api;

import io.netagent.daemon.RequestRejectedException.FieldProblem;
import io.netagent.error.NetagentException;
import java.util.List;

/**
 * The daemon answered with an error status: its message, then each problem as
 * {@code field: message} on a line of its own.
 */
public final class ApiRequestException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<FieldProblem> problems;

  ApiRequestException(int status, String message, List<FieldProblem> problems) {
    super(message + lines(problems));
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  private static String lines(List<FieldProblem> problems) {
    StringBuilder sb = new StringBuilder();
    for (FieldProblem p : problems) {
      sb.append('\n').append(p.field().isEmpty() ? "" : p.field() + ": ").append(p.message());
    }
    return sb.toString();
  }

  /** The HTTP status: 400 invalid request, 404 unknown, 409 conflict, 500 failed, 503 not ready, 504 timed out. */
  public int status() {
    return status;
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
