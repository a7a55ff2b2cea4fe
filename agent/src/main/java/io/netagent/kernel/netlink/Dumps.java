package io.netagent.kernel.netlink;

import io.netagent.linux.Errno;
import io.netagent.linux.netlink.Attributes;
import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.NdMsg;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.RtMsg;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpCidr;
import io.netagent.model.IpSubnet;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.ModelException;
import io.netagent.observed.AddressFlag;
import io.netagent.observed.BridgePort;
import io.netagent.observed.FdbEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One dump per object kind, parsed into raw records that still name links by ifindex
 * ({@code ip -j link/addr/route/neigh show}, {@code bridge -j fdb show}).
 */
final class Dumps {
  private Dumps() {}

  /** An address of either family on the link with {@code index} (of IPv6, scope universe only). */
  record RawAddress(int index, IpCidr cidr, Set<AddressFlag> flags) {}

  /** A main-table unicast route of either family out of the link with {@code index}. */
  record RawRoute(IpSubnet destination, Optional<IpAddress> gateway, int index, int protocol) {}

  /** A permanent neighbour entry of either family on the link with {@code index}. */
  record RawNeighbour(int index, IpAddress ip, MacAddress mac) {}

  /** An IPv6 proxy entry (NTF_PROXY) on the link with {@code index}. */
  record RawProxy(int index, Ipv6Address ip) {}

  /** A bridge FDB entry: on the device with {@code index}, static (NUD_NOARP) or permanent (NUD_PERMANENT). */
  record RawFdb(int index, MacAddress mac, boolean permanent, boolean isStatic) {}

  static List<RawLink> links(NetlinkSocket socket) {
    List<RawLink> links = new ArrayList<>();
    for (Message m : socket.dump(linkRequest(0))) {
      link(m).ifPresent(links::add);
    }
    return links;
  }

  /** Link {@code index} alone (one RTM_GETLINK, not a dump); empty when there is no such link (ENODEV) or it is not netagent's kind of name. */
  static Optional<RawLink> link(NetlinkSocket socket, int index) {
    try {
      return socket.call(linkRequest(index)).stream().filter(m -> m.type() == Rtnetlink.RTM_NEWLINK).findFirst().flatMap(Dumps::link);
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENODEV) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static MessageBuilder linkRequest(int index) {
    // Statistics are summed over every CPU for every link: most of the dump's kernel time, and never read here.
    return IfInfoMsg.of(index).write(new MessageBuilder(Rtnetlink.RTM_GETLINK, 0))
        .attrU32(Rtnetlink.IFLA_EXT_MASK, Rtnetlink.RTEXT_FILTER_SKIP_STATS);
  }

  /** Parses one RTM_NEWLINK; a name Linux allows but netagent's rules do not is skipped (never netagent's). */
  static Optional<RawLink> link(Message m) {
    IfInfoMsg header = IfInfoMsg.read(m.buffer());
    Attributes a = m.attributes(IfInfoMsg.SIZE);
    Optional<String> name = a.string(Rtnetlink.IFLA_IFNAME);
    if (name.isEmpty() || InterfaceName.problem(name.get()) != null) {
      return Optional.empty();
    }
    Optional<Attributes> info = a.nested(Rtnetlink.IFLA_LINKINFO);
    String kind = info.flatMap(i -> i.string(Rtnetlink.IFLA_INFO_KIND)).orElse("");
    Optional<BridgePort> port = info
        .filter(i -> i.string(Rtnetlink.IFLA_INFO_SLAVE_KIND).filter("bridge"::equals).isPresent())
        .flatMap(i -> i.nested(Rtnetlink.IFLA_INFO_SLAVE_DATA))
        .map(d -> new BridgePort(d.u8(Rtnetlink.IFLA_BRPORT_PROXYARP).orElse(0) != 0, d.u8(Rtnetlink.IFLA_BRPORT_MODE).orElse(0) != 0));
    Optional<MacAddress> mac = a.bytes(Rtnetlink.IFLA_ADDRESS).filter(b -> b.length == 6).map(MacAddress::fromBytes);
    List<InterfaceName> altNames = a.nested(Rtnetlink.IFLA_PROP_LIST).map(p -> p.strings(Rtnetlink.IFLA_ALT_IFNAME)).orElse(List.of())
        .stream().filter(n -> InterfaceName.problem(n) == null).map(InterfaceName::of).toList();
    return Optional.of(new RawLink(header.index(), InterfaceName.of(name.get()), altNames, kind, mac, a.u32(Rtnetlink.IFLA_MTU).orElse(0),
        (header.flags() & Rtnetlink.IFF_UP) != 0, a.u32(Rtnetlink.IFLA_GROUP).orElse(0), a.u32(Rtnetlink.IFLA_MASTER).orElse(0),
        a.string(Rtnetlink.IFLA_IFALIAS).filter(s -> !s.isEmpty()), a.u32(Rtnetlink.IFLA_LINK).orElse(0),
        a.u32(Rtnetlink.IFLA_LINK_NETNSID), port));
  }

  /*
   * The dumps below take a link's ifindex (0: every link) and then hold only what is on that link.
   * The kernel filters by it when the socket checks dump requests strictly (NETLINK_GET_STRICT_CHK,
   * set by NetlinkSocket.open); the entries are filtered here as well, so a kernel that ignores
   * the filter costs time, not correctness.
   */

  static List<RawAddress> addresses(NetlinkSocket socket, int index) {
    List<RawAddress> result = new ArrayList<>();
    // AF_UNSPEC: one dump of both families (rtnl_dump_all), each filtered by the ifindex.
    MessageBuilder request = new IfAddrMsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, index).write(new MessageBuilder(Rtnetlink.RTM_GETADDR, 0));
    for (Message m : socket.dump(request)) {
      address(m).filter(a -> matches(index, a.index())).ifPresent(result::add);
    }
    return result;
  }

  /**
   * Parses one RTM_NEWADDR: an IPv4 address, an IPv6 address of scope universe, or empty. The
   * kernel's own IPv6 addresses (fe80:: of scope link, ::1 of scope host) are flagged permanent
   * like configured ones: only the scope tells them apart; an AF_INET6 message carries
   * IFA_ADDRESS only (docs/kernel-facts.md §11A).
   */
  static Optional<RawAddress> address(Message m) {
    IfAddrMsg header = IfAddrMsg.read(m.buffer());
    Attributes a = m.attributes(IfAddrMsg.SIZE);
    Optional<byte[]> local = a.bytes(Rtnetlink.IFA_LOCAL).or(() -> a.bytes(Rtnetlink.IFA_ADDRESS));
    if (local.isEmpty()) {
      return Optional.empty();
    }
    if (header.family() == Rtnetlink.AF_INET && local.get().length == 4 && header.prefixLength() <= 32) {
      return Optional.of(new RawAddress(header.index(), new Ipv4Cidr(Ipv4Address.fromBytes(local.get()), header.prefixLength()), Set.of()));
    }
    if (header.family() == Rtnetlink.AF_INET6 && local.get().length == 16 && header.prefixLength() <= 128
        && header.scope() == Rtnetlink.RT_SCOPE_UNIVERSE) {
      // IFA_FLAGS holds all 32 bits; ifa_flags only the low 8, which hold the three looked at.
      int flags = a.u32(Rtnetlink.IFA_FLAGS).orElse(header.flags());
      Set<AddressFlag> seen = EnumSet.noneOf(AddressFlag.class);
      if ((flags & Rtnetlink.IFA_F_NODAD) != 0) {
        seen.add(AddressFlag.NODAD);
      }
      if ((flags & Rtnetlink.IFA_F_TENTATIVE) != 0) {
        seen.add(AddressFlag.TENTATIVE);
      }
      if ((flags & Rtnetlink.IFA_F_DADFAILED) != 0) {
        seen.add(AddressFlag.DADFAILED);
      }
      return Optional.of(new RawAddress(header.index(), new Ipv6Cidr(Ipv6Address.fromBytes(local.get()), header.prefixLength()), seen));
    }
    return Optional.empty();
  }

  static List<RawRoute> routes(NetlinkSocket socket, int index) {
    List<RawRoute> result = new ArrayList<>();
    // AF_UNSPEC: one dump of every family (rtnl_dump_all); the multicast routing families (128, 129) are skipped by route().
    MessageBuilder request = new RtMsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_GETROUTE, 0));
    if (index != 0) {
      request.attrU32(Rtnetlink.RTA_OIF, index);
    }
    for (Message m : socket.dump(request)) {
      route(m).filter(r -> matches(index, r.index())).ifPresent(result::add);
    }
    return result;
  }

  /**
   * Parses one RTM_NEWROUTE: a main-table unicast route of either family out of one link, or
   * empty. Of IPv6, not fe80::/10 and ::1/128: the kernel puts those on every link and on lo
   * (§11B).
   */
  static Optional<RawRoute> route(Message m) {
    RtMsg header = RtMsg.read(m.buffer());
    Attributes a = m.attributes(RtMsg.SIZE);
    int table = a.u32(Rtnetlink.RTA_TABLE).orElse(header.table());
    Optional<Integer> oif = a.u32(Rtnetlink.RTA_OIF);
    Optional<byte[]> dst = a.bytes(Rtnetlink.RTA_DST);
    int length = addressBytes(header.family());
    if (length == 0 || table != Rtnetlink.RT_TABLE_MAIN || header.type() != Rtnetlink.RTN_UNICAST || oif.isEmpty()
        || header.dstLength() > length * 8 || dst.filter(b -> b.length != length).isPresent()) {
      return Optional.empty();
    }
    Optional<IpAddress> gateway = a.bytes(Rtnetlink.RTA_GATEWAY).filter(b -> b.length == length).map(Dumps::ip);
    IpSubnet destination;
    try {
      destination = subnet(ip(dst.orElse(new byte[length])), header.dstLength());
    } catch (ModelException hostBitsSet) {
      // The kernel keeps destinations masked (fib6_add, fib_table_insert): such a message is none of its.
      return Optional.empty();
    }
    if (destination instanceof Ipv6Subnet v6 && (v6.prefixLength() >= 10 && v6.network().isLinkLocal() || v6.equals(IPV6_LOOPBACK))) {
      return Optional.empty();
    }
    return Optional.of(new RawRoute(destination, gateway, oif.get(), header.protocol()));
  }

  private static final Ipv6Subnet IPV6_LOOPBACK = Ipv6Subnet.parse("::1/128");

  /** How many bytes an address of the rtnetlink {@code family} has: 4, 16, or 0 for a family that is neither IPv4 nor IPv6. */
  static int addressBytes(int family) {
    return family == Rtnetlink.AF_INET ? 4 : family == Rtnetlink.AF_INET6 ? 16 : 0;
  }

  /** An address from its 4 or 16 network-order bytes. */
  static IpAddress ip(byte[] bytes) {
    return bytes.length == 4 ? Ipv4Address.fromBytes(bytes) : Ipv6Address.fromBytes(bytes);
  }

  private static IpSubnet subnet(IpAddress network, int prefixLength) {
    return network instanceof Ipv4Address v4 ? new Ipv4Subnet(v4, prefixLength) : new Ipv6Subnet((Ipv6Address) network, prefixLength);
  }

  static List<RawNeighbour> neighbours(NetlinkSocket socket, int index) {
    List<RawNeighbour> result = new ArrayList<>();
    // AF_UNSPEC: the ARP and the IPv6 neighbour tables in one dump (neigh_dump_info walks both).
    // A strictly checked neighbour dump refuses an ifindex in the header (EINVAL, "Invalid values
    // in header for neighbor dump request"): the filter goes in NDA_IFINDEX.
    MessageBuilder request = new NdMsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_GETNEIGH, 0));
    if (index != 0) {
      request.attrU32(Rtnetlink.NDA_IFINDEX, index);
    }
    for (Message m : socket.dump(request)) {
      neighbour(m).filter(n -> matches(index, n.index())).ifPresent(result::add);
    }
    return result;
  }

  /**
   * The IPv6 proxy entries: a neighbour dump with NTF_PROXY in the header walks the proxy table
   * instead (§2F, §11C), filtered like the neighbour dump.
   */
  static List<RawProxy> proxies(NetlinkSocket socket, int index) {
    List<RawProxy> result = new ArrayList<>();
    MessageBuilder request = new NdMsg(Rtnetlink.AF_INET6, 0, 0, Rtnetlink.NTF_PROXY, 0).write(new MessageBuilder(Rtnetlink.RTM_GETNEIGH, 0));
    if (index != 0) {
      request.attrU32(Rtnetlink.NDA_IFINDEX, index);
    }
    for (Message m : socket.dump(request)) {
      proxy(m).filter(p -> matches(index, p.index())).ifPresent(result::add);
    }
    return result;
  }

  /** Parses one RTM_NEWNEIGH of a proxy dump: an IPv6 proxy entry on a link, or empty. */
  static Optional<RawProxy> proxy(Message m) {
    NdMsg header = NdMsg.read(m.buffer());
    Optional<byte[]> dst = m.attributes(NdMsg.SIZE).bytes(Rtnetlink.NDA_DST).filter(b -> b.length == 16);
    if (header.family() != Rtnetlink.AF_INET6 || (header.flags() & Rtnetlink.NTF_PROXY) == 0 || header.index() == 0 || dst.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RawProxy(header.index(), Ipv6Address.fromBytes(dst.get())));
  }

  /** Parses one RTM_NEWNEIGH: a permanent neighbour entry of either family, or empty. */
  static Optional<RawNeighbour> neighbour(Message m) {
    NdMsg header = NdMsg.read(m.buffer());
    Attributes a = m.attributes(NdMsg.SIZE);
    int length = addressBytes(header.family());
    Optional<byte[]> dst = a.bytes(Rtnetlink.NDA_DST).filter(b -> b.length == length);
    Optional<byte[]> mac = a.bytes(Rtnetlink.NDA_LLADDR).filter(b -> b.length == 6);
    if (length == 0 || (header.state() & Rtnetlink.NUD_PERMANENT) == 0 || (header.flags() & Rtnetlink.NTF_PROXY) != 0 || dst.isEmpty()
        || mac.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RawNeighbour(header.index(), ip(dst.get()), MacAddress.fromBytes(mac.get())));
  }

  /**
   * FDB entries. Filtered by a bridge port, the kernel gives the entries behind that port; by a
   * bridge, the bridge's own entries (those with no port).
   */
  static List<RawFdb> fdb(NetlinkSocket socket, int index) {
    List<RawFdb> result = new ArrayList<>();
    MessageBuilder request = new NdMsg(Rtnetlink.AF_BRIDGE, index, 0, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_GETNEIGH, 0));
    for (Message m : socket.dump(request)) {
      fdbEntry(m).filter(f -> matches(index, f.index())).ifPresent(result::add);
    }
    return result;
  }

  /** Parses one AF_BRIDGE RTM_NEWNEIGH: a static or permanent unicast FDB entry, or empty. */
  static Optional<RawFdb> fdbEntry(Message m) {
    NdMsg header = NdMsg.read(m.buffer());
    Optional<byte[]> mac = m.attributes(NdMsg.SIZE).bytes(Rtnetlink.NDA_LLADDR).filter(b -> b.length == 6);
    if (header.family() != Rtnetlink.AF_BRIDGE || mac.isEmpty()) {
      return Optional.empty();
    }
    MacAddress address = MacAddress.fromBytes(mac.get());
    boolean permanent = (header.state() & Rtnetlink.NUD_PERMANENT) != 0;
    boolean isStatic = (header.state() & Rtnetlink.NUD_NOARP) != 0;
    if (address.isMulticast() || !(permanent || isStatic)) {
      return Optional.empty();
    }
    return Optional.of(new RawFdb(header.index(), address, permanent, isStatic));
  }

  private static boolean matches(int filter, int index) {
    return filter == 0 || filter == index;
  }

  /** A port's FDB entry kind as netagent installs it, or empty for the kernel's own entries. */
  static Optional<FdbEntry.Kind> kindOf(RawFdb entry, RawLink device) {
    if (entry.permanent() && device.kind().equals("bridge") && !device.mac().equals(Optional.of(entry.mac()))) {
      return Optional.of(FdbEntry.Kind.LOCAL);
    }
    if (!entry.permanent() && entry.isStatic() && device.masterIndex() != 0) {
      return Optional.of(FdbEntry.Kind.STATIC);
    }
    return Optional.empty();
  }
}
