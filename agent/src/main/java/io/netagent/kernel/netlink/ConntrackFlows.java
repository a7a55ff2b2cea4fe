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

/**
 * Deletes the conntrack entries of published ports whose mapping went away or moved, through
 * ctnetlink ({@code conntrack -D -p udp --orig-port-dst PORT} in spirit): every entry whose
 * destination was rewritten (IPS_DST_NAT) and whose original destination is such a host port.
 * Without this a UDP flow keeps its old NAT binding, and thus its old target, until it times out.
 */
final class ConntrackFlows {
  private ConntrackFlows() {}

  /** Deletes the matching entries; returns how many were deleted. */
  static int delete(NetlinkSocket netfilter, List<PortMapping> stale) {
    if (stale.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (Message entry : netfilter.dump(request(Conntrack.IPCTNL_MSG_CT_GET, 0))) {
      Attributes a = entry.attributes(Conntrack.NFGENMSG_SIZE);
      Optional<byte[]> tuple = a.bytes(Conntrack.CTA_TUPLE_ORIG);
      if (tuple.isEmpty() || (bigEndian(a.bytes(Conntrack.CTA_STATUS)) & Conntrack.IPS_DST_NAT) == 0) {
        continue;
      }
      Attributes orig = Attributes.parse(tuple.get(), 0, tuple.get().length);
      Optional<byte[]> dst = orig.nested(Conntrack.CTA_TUPLE_IP).flatMap(ip -> ip.bytes(Conntrack.CTA_IP_V4_DST)).filter(b -> b.length == 4);
      Optional<Attributes> proto = orig.nested(Conntrack.CTA_TUPLE_PROTO);
      int protocol = proto.flatMap(p -> p.u8(Conntrack.CTA_PROTO_NUM)).orElse(-1);
      int port = (int) bigEndian(proto.flatMap(p -> p.bytes(Conntrack.CTA_PROTO_DST_PORT)));
      boolean matches = dst.isPresent() && stale.stream().anyMatch(m -> m.protocol().number() == protocol && m.hostPort() == port
          && m.hostIp().map(ip -> ip.equals(Ipv4Address.fromBytes(dst.get()))).orElse(true));
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
