package io.netagent.kernel.netlink;

import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.NdMsg;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.RtMsg;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv6Address;
import io.netagent.model.MacAddress;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.Route;

/** The rtnetlink requests netagent sends, one builder per kind; each names its {@code ip} equivalent. */
final class Requests {
  private Requests() {}

  /** {@code ip link show NAME}: answered by one RTM_NEWLINK, or ENODEV. */
  static MessageBuilder getLink(InterfaceName name) {
    return IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_GETLINK, 0)).attrString(Rtnetlink.IFLA_IFNAME, name.value());
  }

  /** {@code ip link add NAME address MAC mtu MTU group G type bridge stp_state 0 forward_delay 0}. */
  static MessageBuilder createBridge(InterfaceName name, MacAddress mac, int mtu, int group) {
    return IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.F_CREATE | Netlink.F_EXCL))
        .attrString(Rtnetlink.IFLA_IFNAME, name.value())
        .attr(Rtnetlink.IFLA_ADDRESS, mac.toBytes())
        .attrU32(Rtnetlink.IFLA_MTU, mtu)
        .attrU32(Rtnetlink.IFLA_GROUP, group)
        .begin(Rtnetlink.IFLA_LINKINFO)
        .attrString(Rtnetlink.IFLA_INFO_KIND, "bridge")
        .begin(Rtnetlink.IFLA_INFO_DATA)
        .attrU32(Rtnetlink.IFLA_BR_STP_STATE, 0)
        .attrU32(Rtnetlink.IFLA_BR_FORWARD_DELAY, 0)
        .end()
        .end();
  }

  /**
   * {@code ip link add HOST ... type veth peer name PEER netns NS ...}: the peer is created
   * directly in the namespace {@code peerNamespaceFd} refers to.
   */
  static MessageBuilder createVeth(InterfaceName host, MacAddress hostMac, InterfaceName peer, MacAddress peerMac, int mtu,
      int group, int peerNamespaceFd) {
    MessageBuilder m = IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.F_CREATE | Netlink.F_EXCL))
        .attrString(Rtnetlink.IFLA_IFNAME, host.value())
        .attr(Rtnetlink.IFLA_ADDRESS, hostMac.toBytes())
        .attrU32(Rtnetlink.IFLA_MTU, mtu)
        .attrU32(Rtnetlink.IFLA_GROUP, group)
        .begin(Rtnetlink.IFLA_LINKINFO)
        .attrString(Rtnetlink.IFLA_INFO_KIND, "veth")
        .begin(Rtnetlink.IFLA_INFO_DATA)
        .beginRaw(Rtnetlink.VETH_INFO_PEER);
    // VETH_INFO_PEER's payload starts with a raw ifinfomsg; the peer's attributes follow it.
    return IfInfoMsg.of(0).write(m)
        .attrString(Rtnetlink.IFLA_IFNAME, peer.value())
        .attrU32(Rtnetlink.IFLA_NET_NS_FD, peerNamespaceFd)
        .attr(Rtnetlink.IFLA_ADDRESS, peerMac.toBytes())
        .attrU32(Rtnetlink.IFLA_MTU, mtu)
        .attrU32(Rtnetlink.IFLA_GROUP, group)
        .end()
        .end()
        .end();
  }

  /** {@code ip link del NAME}. */
  static MessageBuilder deleteLink(InterfaceName name) {
    return IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_DELLINK, 0)).attrString(Rtnetlink.IFLA_IFNAME, name.value());
  }

  /** {@code ip link del group GROUP}: ifindex 0 and no name make the kernel delete the whole group (rtnl_group_dellink). */
  static MessageBuilder deleteLinkGroup(int group) {
    return IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_DELLINK, 0)).attrU32(Rtnetlink.IFLA_GROUP, group);
  }

  /** {@code ip link set NAME ...}: a change to an existing link, addressed by name; ENODEV if missing. */
  static MessageBuilder setLink(InterfaceName name) {
    return IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0)).attrString(Rtnetlink.IFLA_IFNAME, name.value());
  }

  /** {@code ip link set NAME up}: flags and change both IFF_UP (change 0 would mean every flag). */
  static MessageBuilder setUp(InterfaceName name) {
    return new IfInfoMsg(Rtnetlink.AF_UNSPEC, 0, 0, Rtnetlink.IFF_UP, Rtnetlink.IFF_UP)
        .write(new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0)).attrString(Rtnetlink.IFLA_IFNAME, name.value());
  }

  /** {@code ip link set NAME type bridge_slave proxy_arp on|off hairpin on|off}. */
  static MessageBuilder setBridgePort(InterfaceName name, boolean proxyArp, boolean hairpin) {
    return setLink(name)
        .begin(Rtnetlink.IFLA_LINKINFO)
        .attrString(Rtnetlink.IFLA_INFO_SLAVE_KIND, "bridge")
        .begin(Rtnetlink.IFLA_INFO_SLAVE_DATA)
        .attrU8(Rtnetlink.IFLA_BRPORT_PROXYARP, proxyArp ? 1 : 0)
        .attrU8(Rtnetlink.IFLA_BRPORT_MODE, hairpin ? 1 : 0)
        .end()
        .end();
  }

  /**
   * {@code ip addr add|del CIDR dev INDEX}, plus {@code nodad} for IPv6: without it the address
   * is tentative, and cannot be a source, for the 1–2 s of duplicate address detection
   * (docs/kernel-facts.md §11A). Deleting sends the same body.
   */
  static MessageBuilder address(int type, int flags, int index, IpCidr cidr) {
    MessageBuilder m = new IfAddrMsg(family(cidr.family()), cidr.prefixLength(), 0, Rtnetlink.RT_SCOPE_UNIVERSE, index)
        .write(new MessageBuilder(type, flags))
        .attr(Rtnetlink.IFA_LOCAL, cidr.address().toBytes())
        .attr(Rtnetlink.IFA_ADDRESS, cidr.address().toBytes());
    return cidr.family() == IpFamily.IPV6 ? m.attrU32(Rtnetlink.IFA_FLAGS, Rtnetlink.IFA_F_NODAD) : m;
  }

  /**
   * {@code ip route add|del DST via GW dev INDEX proto P} in the main table. IPv6 routes have no
   * scope (the kernel dumps every one with scope universe, §11B).
   */
  static MessageBuilder route(int type, int flags, int index, Route route) {
    boolean link = route.family() == IpFamily.IPV4 && route.gateway().isEmpty();
    int scope = link ? Rtnetlink.RT_SCOPE_LINK : Rtnetlink.RT_SCOPE_UNIVERSE;
    MessageBuilder m = new RtMsg(family(route.family()), route.destination().prefixLength(), 0, 0, Rtnetlink.RT_TABLE_MAIN, route.protocol(),
        scope, Rtnetlink.RTN_UNICAST, 0).write(new MessageBuilder(type, flags));
    if (route.destination().prefixLength() > 0) {
      m.attr(Rtnetlink.RTA_DST, route.destination().network().toBytes());
    }
    route.gateway().ifPresent(g -> m.attr(Rtnetlink.RTA_GATEWAY, g.toBytes()));
    return m.attrU32(Rtnetlink.RTA_OIF, index);
  }

  /** {@code ip neigh replace IP lladdr MAC dev INDEX nud permanent}, of either family. */
  static MessageBuilder setNeighbour(int index, IpAddress ip, MacAddress mac) {
    return new NdMsg(family(ip.family()), index, Rtnetlink.NUD_PERMANENT, 0, 0)
        .write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, Netlink.F_CREATE | Netlink.F_REPLACE))
        .attr(Rtnetlink.NDA_DST, ip.toBytes())
        .attr(Rtnetlink.NDA_LLADDR, mac.toBytes());
  }

  /** {@code ip neigh del IP dev INDEX}. */
  static MessageBuilder deleteNeighbour(int index, IpAddress ip) {
    return new NdMsg(family(ip.family()), index, 0, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_DELNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, ip.toBytes());
  }

  /**
   * {@code ip -6 neigh add proxy IP dev INDEX}, or with {@code delete} {@code ip -6 neigh del
   * proxy ...}: NTF_PROXY and NDA_DST only, added NUD_PERMANENT as {@code ip} does, because the
   * loss of carrier flushes every other proxy entry of the link (§11C). Added with CREATE|EXCL, as
   * {@code ip} does: the kernel answers an existing entry with success all the same (checked on
   * 6.18), so EXCL only states the intent, and a kernel that honoured it would point out an
   * entry netagent did not expect; deleting a missing one is ENOENT.
   */
  static MessageBuilder proxy(boolean delete, int index, Ipv6Address ip) {
    int type = delete ? Rtnetlink.RTM_DELNEIGH : Rtnetlink.RTM_NEWNEIGH;
    int flags = delete ? 0 : Netlink.F_CREATE | Netlink.F_EXCL;
    int state = delete ? 0 : Rtnetlink.NUD_PERMANENT;
    return new NdMsg(Rtnetlink.AF_INET6, index, state, Rtnetlink.NTF_PROXY, 0).write(new MessageBuilder(type, flags))
        .attr(Rtnetlink.NDA_DST, ip.toBytes());
  }

  /** The rtnetlink address family of {@code family}. */
  static int family(IpFamily family) {
    return family == IpFamily.IPV4 ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
  }

  /**
   * {@code bridge fdb replace MAC dev PORT master static}, or {@code ... dev BRIDGE self local};
   * with {@code delete}, {@code bridge fdb del}.
   */
  static MessageBuilder fdb(boolean delete, int index, FdbEntry entry) {
    boolean onPort = entry.kind() == FdbEntry.Kind.STATIC;
    int state = delete ? 0 : onPort ? Rtnetlink.NUD_NOARP : Rtnetlink.NUD_PERMANENT;
    int type = delete ? Rtnetlink.RTM_DELNEIGH : Rtnetlink.RTM_NEWNEIGH;
    int flags = delete ? 0 : Netlink.F_CREATE | Netlink.F_REPLACE;
    return new NdMsg(Rtnetlink.AF_BRIDGE, index, state, onPort ? Rtnetlink.NTF_MASTER : Rtnetlink.NTF_SELF, 0)
        .write(new MessageBuilder(type, flags))
        .attr(Rtnetlink.NDA_LLADDR, entry.mac().toBytes());
  }

  /** RTM_GETNSID: the id this namespace gives the namespace {@code fd} refers to. */
  static MessageBuilder getNsid(int fd) {
    return new MessageBuilder(Rtnetlink.RTM_GETNSID, 0).u8(Rtnetlink.AF_UNSPEC).pad().attrU32(Rtnetlink.NETNSA_FD, fd);
  }
}
