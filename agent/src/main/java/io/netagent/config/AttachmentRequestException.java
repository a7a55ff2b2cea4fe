package io.netagent.config;

import java.util.List;

/**
 * An attachment request that cannot be carried out, with every problem in it located in the
 * request body ({@link ConfigProblem#path()} names the field, such as {@code ports[0].host}).
 */
public final class AttachmentRequestException extends ConfigException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal. */
  public enum Why {
    /** The request breaks a rule of its own: a malformed body, an unknown network, an address outside the subnet. */
    INVALID,
    /** It is well-formed but clashes with what is declared: a name, address, interface or host port taken. */
    CLASH,
    /** The network has no free address left to allocate. */
    FULL
  }

  private final Why why;

  public AttachmentRequestException(Why why, List<ConfigProblem> problems) {
    super(problems);
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
