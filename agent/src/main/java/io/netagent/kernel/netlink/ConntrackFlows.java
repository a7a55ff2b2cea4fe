package io.netagent.kernel.netlink;

import io.netagent.linux.Errno;
import io.netagent.linux.netlink.Attributes;
import io.netagent.linux.netlink.Conntrack;
import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.PortMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes the conntrack entries of published ports whose mapping went away, moved or is new,
 * through ctnetlink ({@code conntrack -D -p udp --orig-port-dst PORT} in spirit), of both
 * families: every entry whose original destination is such a host port on one of the host's own
 * addresses, and whose destination was rewritten (IPS_DST_NAT: the old binding) or is that
 * address itself (a flow to a host service from before the mapping existed). NAT is decided on a
 * connection's first packet, so without this a UDP flow keeps its old destination until it times
 * out; a flow merely routed through the host to another machine's port of that number is left
 * alone (docs/kernel-facts.md §8 "conntrack", §11G).
 */
final class ConntrackFlows {
  private static final Ipv4Subnet LOOPBACK = Ipv4Subnet.parse("127.0.0.0/8");
  private static final Ipv6Address LOOPBACK6 = Ipv6Address.parse("::1");

  private ConntrackFlows() {}

  /** A published host port whose flows go: protocol number, port, and the host address it is bound to, if any. */
  private record Stale(int protocol, int port, Optional<IpAddress> hostIp) {
    boolean matches(int protocol, int port, IpAddress destination) {
      return this.protocol == protocol && this.port == port && hostIp.map(destination::equals).orElse(true);
    }
  }

  /**
   * Deletes the matching entries; returns how many were deleted.
   *
   * @param route the host's rtnetlink socket, to learn its own addresses (what {@code fib daddr
   *     type local} matches)
   */
  static int delete(NetlinkSocket netfilter, NetlinkSocket route, List<PortMapping> stale, List<Ipv6PortMapping> stale6) {
    if (stale.isEmpty() && stale6.isEmpty()) {
      return 0;
    }
    List<Stale> ports = Stream.concat(stale.stream().map(m -> new Stale(m.protocol().number(), m.hostPort(), m.hostIp().map(IpAddress.class::cast))),
        stale6.stream().map(m -> new Stale(m.protocol().number(), m.hostPort(), m.hostIp().map(IpAddress.class::cast)))).toList();
    // §11G: the dump's nfgenmsg family filters, AF_UNSPEC gives both; an address dump's family does the same.
    int family = stale6.isEmpty() ? Rtnetlink.AF_INET : stale.isEmpty() ? Rtnetlink.AF_INET6 : Rtnetlink.AF_UNSPEC;
    Set<IpAddress> local = ownAddresses(route, family);
    int deleted = 0;
    for (Message entry : netfilter.dump(request(Conntrack.IPCTNL_MSG_CT_GET, family))) {
      Attributes a = entry.attributes(Conntrack.NFGENMSG_SIZE);
      Optional<byte[]> tuple = a.bytes(Conntrack.CTA_TUPLE_ORIG);
      if (tuple.isEmpty()) {
        continue;
      }
      Attributes orig = Attributes.parse(tuple.get(), 0, tuple.get().length);
      Optional<Attributes> ip = orig.nested(Conntrack.CTA_TUPLE_IP);
      Optional<IpAddress> dst = ip.flatMap(i -> i.bytes(Conntrack.CTA_IP_V4_DST)).filter(b -> b.length == 4).<IpAddress>map(Ipv4Address::fromBytes)
          .or(() -> ip.flatMap(i -> i.bytes(Conntrack.CTA_IP_V6_DST)).filter(b -> b.length == 16).map(Ipv6Address::fromBytes));
      if (dst.isEmpty()) {
        continue;
      }
      Optional<Attributes> proto = orig.nested(Conntrack.CTA_TUPLE_PROTO);
      int protocol = proto.flatMap(p -> p.u8(Conntrack.CTA_PROTO_NUM)).orElse(-1);
      int port = (int) bigEndian(proto.flatMap(p -> p.bytes(Conntrack.CTA_PROTO_DST_PORT)));
      boolean ours = ports.stream().anyMatch(s -> s.matches(protocol, port, dst.get()));
      boolean matches = ours && ((bigEndian(a.bytes(Conntrack.CTA_STATUS)) & Conntrack.IPS_DST_NAT) != 0 || isLocal(dst.get(), local));
      int entryFamily = dst.get() instanceof Ipv6Address ? Rtnetlink.AF_INET6 : Rtnetlink.AF_INET;
      if (matches && deleteEntry(netfilter, entryFamily, tuple.get())) {
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * Whether {@code fib daddr type local} matched it: one of the host's addresses, or 127.0.0.0/8.
   * Not ::1, which the ip6 table never DNATs (§11F): a flow to a host service there stays.
   */
  private static boolean isLocal(IpAddress address, Set<IpAddress> own) {
    if (address instanceof Ipv4Address v4 && LOOPBACK.contains(v4)) {
      return true;
    }
    return !address.equals(LOOPBACK6) && own.contains(address);
  }

  /**
   * The host's addresses of {@code family} (AF_UNSPEC: both), of every scope ({@code ip addr}), in
   * one dump: IFA_LOCAL, or IFA_ADDRESS, the local address of an IPv6 one (§11A).
   */
  private static Set<IpAddress> ownAddresses(NetlinkSocket route, int family) {
    Set<IpAddress> addresses = new HashSet<>();
    MessageBuilder request = new IfAddrMsg(family, 0, 0, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_GETADDR, 0));
    for (Message m : route.dump(request)) {
      int length = Dumps.addressBytes(IfAddrMsg.read(m.buffer()).family());
      Attributes a = m.attributes(IfAddrMsg.SIZE);
      a.bytes(Rtnetlink.IFA_LOCAL).or(() -> a.bytes(Rtnetlink.IFA_ADDRESS)).filter(b -> length > 0 && b.length == length)
          .ifPresent(b -> addresses.add(Dumps.ip(b)));
    }
    return addresses;
  }

  /** Deletes the entry with this original tuple; false when it was already gone. */
  private static boolean deleteEntry(NetlinkSocket netfilter, int family, byte[] tuple) {
    try {
      netfilter.ack(request(Conntrack.IPCTNL_MSG_CT_DELETE, family).attr(Conntrack.CTA_TUPLE_ORIG | Netlink.NLA_F_NESTED, tuple));
      return true;
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENOENT) {
        return false;
      }
      throw e;
    }
  }

  /** A ctnetlink request: nfgenmsg { u8 family, u8 version = 0, be16 res_id = 0 }. */
  private static MessageBuilder request(int message, int family) {
    return new MessageBuilder(Conntrack.type(message), 0).u8(family).u8(0).u16(0);
  }

  /** nfnetlink integers are big-endian (docs/kernel-facts.md §1). */
  private static long bigEndian(Optional<byte[]> bytes) {
    long value = 0;
    for (byte b : bytes.orElse(new byte[0])) {
      value = (value << 8) | (b & 0xff);
    }
    return value;
  }
}
