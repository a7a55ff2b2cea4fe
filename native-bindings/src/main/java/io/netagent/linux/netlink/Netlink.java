package io.netagent.linux.netlink;

import java.nio.ByteBuffer;

/** Netlink framing constants (linux/netlink.h). */
public final class Netlink {
  public static final int NETLINK_ROUTE = 0;
  public static final int NETLINK_NETFILTER = 12;

  public static final int HEADER_SIZE = 16;
  public static final int ALIGN = 4;

  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  public static final int F_REQUEST = 0x1;
  public static final int F_MULTI = 0x2;
  public static final int F_ACK = 0x4;
  public static final int F_ECHO = 0x8;
  public static final int F_DUMP_INTR = 0x10;
  public static final int F_DUMP = 0x300;
  public static final int F_REPLACE = 0x100;
  public static final int F_EXCL = 0x200;
  public static final int F_CREATE = 0x400;
  public static final int F_APPEND = 0x800;
  /** On an error message: the request was not echoed (NETLINK_CAP_ACK). */
  public static final int F_CAPPED = 0x100;
  /** On an error message: extended-ACK attributes follow. */
  public static final int F_ACK_TLVS = 0x200;

  public static final int NLA_F_NESTED = 0x8000;
  public static final int NLA_TYPE_MASK = 0x3fff;

  /** Socket options at SOL_NETLINK. */
  public static final int NETLINK_ADD_MEMBERSHIP = 1;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;

  /** Extended-ACK attributes (NLMSGERR_ATTR_*). */
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;

  private Netlink() {}

  /** {@code length} rounded up to the 4-byte netlink alignment. */
  public static int align(int length) {
    return (length + ALIGN - 1) & ~(ALIGN - 1);
  }

  /** Checks that a message's payload holds the fixed header its type has. */
  static void requireHeader(ByteBuffer payload, int size, String header) {
    if (payload.limit() < size) {
      throw new MalformedMessageException("a payload of " + payload.limit() + " bytes cannot hold its " + size + "-byte " + header);
    }
  }
}
