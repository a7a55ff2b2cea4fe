package io.netagent.daemon;

import io.netagent.error.NetagentException;
import java.util.List;

/**
 * A request the daemon did not carry out; nothing was changed.
 *
 * @see Kind for what the HTTP status is
 */
public final class RequestRejectedException extends NetagentException {
  private static final long serialVersionUID = 1L;

  /** Why: decides the HTTP status. */
  public enum Kind {
    /** The request itself is wrong (400). */
    INVALID(400),
    /** It clashes with what exists: another attachment with this id, a taken name or port (409). */
    CONFLICT(409),
    /** The daemon is stopping or not ready (503). */
    UNAVAILABLE(503),
    /** The kernel refused or did not converge; the request was rolled back (500). */
    FAILED(500);

    public final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  /**
   * One problem, at one field of the request body.
   *
   * @param field where, such as {@code ip} or {@code ports[0].host}; empty for the request as a whole
   */
  public record FieldProblem(String field, String message) {}

  private final Kind kind;
  private final transient List<FieldProblem> problems;

  public RequestRejectedException(Kind kind, String message, List<FieldProblem> problems) {
    super(message);
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
