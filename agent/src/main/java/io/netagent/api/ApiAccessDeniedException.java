package io.netagent.api;

import io.netagent.error.NetagentException;
import java.nio.file.Path;

/** The API socket is there, but this user may not connect to it. */
public final class ApiAccessDeniedException extends NetagentException {
  private static final long serialVersionUID = 1L;

  ApiAccessDeniedException(Path socket, String whose) {
    super("cannot connect to " + socket + ": permission denied (the socket is for " + whose + ")");
  }
}
