package io.netagent.linux;

/** A system call failed; carries its name, the errno and what it was applied to. */
public class SystemCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final Errno errno;

  public SystemCallException(String call, Errno errno, String detail) {
    super(call + (detail.isEmpty() ? "" : " " + detail) + ": " + errno.name() + ": " + errno.description());
    this.call = call;
    this.errno = errno;
  }

  /** The failed call, such as {@code setns}. */
  public String call() {
    return call;
  }

  public Errno errno() {
    return errno;
  }
}
