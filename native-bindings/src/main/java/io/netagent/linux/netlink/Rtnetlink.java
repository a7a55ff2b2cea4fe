package io.netagent.linux.netlink;

/** rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, neighbour.h, net_namespace.h). */
public final class Rtnetlink {
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_BRIDGE = 7;

  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_DELNEIGH = 29;
  public static final int RTM_GETNEIGH = 30;
  public static final int RTM_NEWNSID = 88;
  public static final int RTM_GETNSID = 90;

  public static final int RTNLGRP_LINK = 1;
  public static final int RTNLGRP_NEIGH = 3;
  public static final int RTNLGRP_IPV4_IFADDR = 5;
  public static final int RTNLGRP_IPV4_ROUTE = 7;
  public static final int RTNLGRP_IPV6_IFADDR = 9;
  public static final int RTNLGRP_IPV6_ROUTE = 11;

  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_PROTINFO = 12;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_IFALIAS = 20;
  public static final int IFLA_GROUP = 27;
  public static final int IFLA_EXT_MASK = 29;
  /** In IFLA_EXT_MASK: leave the per-link statistics out of a link dump (Linux 5.19; older kernels ignore it). */
  public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_LINK_NETNSID = 37;
  public static final int IFLA_PROP_LIST = 52;
  public static final int IFLA_ALT_IFNAME = 53;

  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int IFLA_INFO_SLAVE_KIND = 4;
  public static final int IFLA_INFO_SLAVE_DATA = 5;
  public static final int VETH_INFO_PEER = 1;

  public static final int IFLA_BR_FORWARD_DELAY = 1;
  public static final int IFLA_BR_STP_STATE = 5;

  public static final int IFLA_BRPORT_MODE = 4;
  public static final int IFLA_BRPORT_PROXYARP = 10;

  public static final int IFF_UP = 0x1;
  /** u8 RFC 2863 operational state; {@link #IF_OPER_UP} once the link can carry packets. */
  public static final int IFLA_OPERSTATE = 16;
  public static final int IF_OPER_UP = 6;

  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_BROADCAST = 4;
  /** u32 address flags; supersedes ifaddrmsg.ifa_flags (8 bits). */
  public static final int IFA_FLAGS = 8;
  /** No duplicate address detection: an IPv6 address usable at once, never tentative. */
  public static final int IFA_F_NODAD = 0x02;
  public static final int IFA_F_DADFAILED = 0x08;
  public static final int IFA_F_TENTATIVE = 0x40;

  public static final int RTA_DST = 1;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_TABLE = 15;

  public static final int RT_TABLE_MAIN = 254;
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RTN_UNICAST = 1;

  public static final int NDA_DST = 1;
  public static final int NDA_LLADDR = 2;
  public static final int NDA_IFINDEX = 8;
  public static final int NDA_MASTER = 9;
  public static final int NUD_NOARP = 0x40;
  public static final int NUD_PERMANENT = 0x80;
  public static final int NTF_SELF = 0x2;
  public static final int NTF_MASTER = 0x4;
  /** A proxy entry (pneigh): the link answers neighbour solicitations for its address. */
  public static final int NTF_PROXY = 0x8;

  public static final int NETNSA_NSID = 1;
  public static final int NETNSA_FD = 3;

  private Rtnetlink() {}
}
