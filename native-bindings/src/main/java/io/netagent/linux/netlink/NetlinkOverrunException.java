package io.netagent.linux.netlink;

/** Notifications were lost because the socket's receive queue overflowed (ENOBUFS). */
public class NetlinkOverrunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NetlinkOverrunException() {
    super("netlink notifications lost (ENOBUFS): the receive queue overflowed");
  }
}
