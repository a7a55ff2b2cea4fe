package io.netagent.linux.netlink;

/** ctnetlink constants (linux/netfilter/nfnetlink.h, nfnetlink_conntrack.h). */
public final class Conntrack {
  public static final int NFNL_SUBSYS_CTNETLINK = 1;
  public static final int IPCTNL_MSG_CT_NEW = 0;
  public static final int IPCTNL_MSG_CT_GET = 1;
  public static final int IPCTNL_MSG_CT_DELETE = 2;

  /** nfgenmsg: u8 family, u8 version, be16 res_id. */
  public static final int NFGENMSG_SIZE = 4;

  public static final int CTA_TUPLE_ORIG = 1;
  public static final int CTA_STATUS = 3;
  public static final int CTA_TUPLE_IP = 1;
  public static final int CTA_TUPLE_PROTO = 2;
  public static final int CTA_IP_V4_SRC = 1;
  public static final int CTA_IP_V4_DST = 2;
  public static final int CTA_IP_V6_SRC = 3;
  public static final int CTA_IP_V6_DST = 4;
  public static final int CTA_PROTO_NUM = 1;
  public static final int CTA_PROTO_SRC_PORT = 2;
  public static final int CTA_PROTO_DST_PORT = 3;

  /** ct status bit: the connection's destination was rewritten (IPS_DST_NAT). */
  public static final int IPS_DST_NAT = 0x20;

  private Conntrack() {}

  /** The message type of a ctnetlink message. */
  public static int type(int message) {
    return (NFNL_SUBSYS_CTNETLINK << 8) | message;
  }
}
