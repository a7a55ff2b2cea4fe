package io.netagent.linux.netlink;

import io.netagent.linux.Errno;

/**
 * The kernel answered a netlink request with an error: the errno and, when extended ACK is on
 * and the kernel gave one, its own message, e.g. {@code EEXIST: ipv4: Address already assigned}.
 */
public class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Errno errno;
  private final int number;
  private final String kernelMessage;

  public NetlinkException(int number, String kernelMessage) {
    super(Errno.of(number).name() + (Errno.of(number) == Errno.UNKNOWN ? "(" + number + ")" : "") + ": "
        + (kernelMessage.isEmpty() ? Errno.of(number).description() : kernelMessage));
    this.errno = Errno.of(number);
    this.number = number;
    this.kernelMessage = kernelMessage;
  }

  public Errno errno() {
    return errno;
  }

  /** The positive errno number as the kernel sent it, also when {@link #errno()} is UNKNOWN. */
  public int number() {
    return number;
  }

  /** The extended-ACK text, or empty. */
  public String kernelMessage() {
    return kernelMessage;
  }
}
