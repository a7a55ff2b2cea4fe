package io.netagent.api;

import java.nio.file.Path;

/**
 * Where the daemon's live API listens: {@value #NAME} in the state directory (by default
 * /run/netagent, or {@code $NETAGENT_STATE_DIR}). The server and the CLI both find it here.
 */
public final class ApiSocket {
  public static final String NAME = "netagent.sock";

  private ApiSocket() {}

  /** The socket in {@code stateDir}. */
  public static Path path(Path stateDir) {
    return stateDir.resolve(NAME);
  }
}
