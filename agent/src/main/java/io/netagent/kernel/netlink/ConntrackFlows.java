package io.netagent.kernel.netlink;

import io.netagent.linux.Errno;
import io.netagent.linux.netlink.Attributes;
import io.netagent.linux.netlink.Conntrack;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.Ipv4Address;
import io.netagent.model.PortMapping;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Deletes the conntrack entries of published ports whose mapping went away, moved or is new,
 * through ctnetlink ({@code conntrack -D -p udp --orig-port-dst PORT} in spirit): every entry
 * whose original destination is such a host port on one of the host's own addresses, and whose
 * destination was rewritten (IPS_DST_NAT: the old binding) or is that address itself (a flow to
 * a host service from before the mapping existed). NAT is decided on a connection's first
 * packet, so without this a UDP flow keeps its old destination until it times out; a flow merely
 * routed through the host to another machine's port of that number is left alone.
 */
final class ConntrackFlows {
  private ConntrackFlows() {}

  /**
   * Deletes the matching entries; returns how many were deleted.
   *
   * @param local whether an address is one of the host's own (fib type local)
   */
  static int delete(NetlinkSocket netfilter, List<PortMapping> stale, Predicate<Ipv4Address> local) {
    if (stale.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (Message entry : netfilter.dump(request(Conntrack.IPCTNL_MSG_CT_GET, 0))) {
      Attributes a = entry.attributes(Conntrack.NFGENMSG_SIZE);
      Optional<byte[]> tuple = a.bytes(Conntrack.CTA_TUPLE_ORIG);
      if (tuple.isEmpty()) {
        continue;
      }
      Attributes orig = Attributes.parse(tuple.get(), 0, tuple.get().length);
      Optional<Ipv4Address> dst = orig.nested(Conntrack.CTA_TUPLE_IP).flatMap(ip -> ip.bytes(Conntrack.CTA_IP_V4_DST)).filter(b -> b.length == 4)
          .map(Ipv4Address::fromBytes);
      Optional<Attributes> proto = orig.nested(Conntrack.CTA_TUPLE_PROTO);
      int protocol = proto.flatMap(p -> p.u8(Conntrack.CTA_PROTO_NUM)).orElse(-1);
      int port = (int) bigEndian(proto.flatMap(p -> p.bytes(Conntrack.CTA_PROTO_DST_PORT)));
      boolean ours = dst.isPresent() && stale.stream().anyMatch(m -> m.protocol().number() == protocol && m.hostPort() == port
          && m.hostIp().map(ip -> ip.equals(dst.get())).orElse(true));
      boolean matches = ours && ((bigEndian(a.bytes(Conntrack.CTA_STATUS)) & Conntrack.IPS_DST_NAT) != 0 || local.test(dst.get()));
      if (matches && deleteEntry(netfilter, tuple.get())) {
        deleted++;
      }
    }
    return deleted;
  }

  /** Deletes the entry with this original tuple; false when it was already gone. */
  private static boolean deleteEntry(NetlinkSocket netfilter, byte[] tuple) {
    try {
      netfilter.ack(request(Conntrack.IPCTNL_MSG_CT_DELETE, 0).attr(Conntrack.CTA_TUPLE_ORIG | Netlink.NLA_F_NESTED, tuple));
      return true;
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENOENT) {
        return false;
      }
      throw e;
    }
  }

  /** A ctnetlink request: nfgenmsg { u8 family = AF_INET, u8 version = 0, be16 res_id = 0 }. */
  private static MessageBuilder request(int message, int flags) {
    return new MessageBuilder(Conntrack.type(message), flags).u8(Rtnetlink.AF_INET).u8(0).u16(0);
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
