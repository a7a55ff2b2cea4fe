package io.netagent.kernel;

import io.netagent.error.NetagentException;
import io.netagent.linux.Errno;

/**
 * The kernel (or the in-memory kernel standing in for it) refused an operation.
 *
 * <p>Carries the errno and, when the kernel gave one, its own extended-ACK text, so the message
 * reads like {@code ip addr add ...: EEXIST: ipv4: Address already assigned}.
 */
public class KernelException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final Errno errno;
  private final String kernelMessage;

  public KernelException(String operation, Errno errno, String kernelMessage) {
    super(format(operation, errno, kernelMessage));
    this.operation = operation;
    this.errno = errno;
    this.kernelMessage = kernelMessage == null ? "" : kernelMessage;
  }

  /** What was attempted, as its {@code ip} equivalent. */
  public String operation() {
    return operation;
  }

  public Errno errno() {
    return errno;
  }

  /** The kernel's extended-ACK text, or its strerror text when it gave none. */
  public String kernelMessage() {
    return kernelMessage.isEmpty() ? errno.description() : kernelMessage;
  }

  public boolean isNotFound() {
    return errno == Errno.ENODEV || errno == Errno.ENOENT || errno == Errno.EADDRNOTAVAIL || errno == Errno.ESRCH;
  }

  public boolean isExists() {
    return errno == Errno.EEXIST;
  }

  private static String format(String operation, Errno errno, String kernelMessage) {
    String text = kernelMessage == null || kernelMessage.isEmpty() ? errno.description() : kernelMessage;
    return operation + ": " + errno.name() + ": " + text;
  }
}
