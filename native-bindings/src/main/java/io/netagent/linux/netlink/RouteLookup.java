package io.netagent.linux.netlink;

import java.util.Optional;

/**
 * A route lookup ({@code ip route get DST [from SRC] [iif DEV]}): RTM_GETROUTE without
 * NLM_F_DUMP asks the kernel to resolve one destination as it would route a packet, not to list a
 * table. With RTA_IIF (and RTA_SRC) it routes as for a packet arriving on that interface (a
 * forwarded one); without, as for a packet the host sends. The answer is one RTM_NEWROUTE:
 *
 * <pre>
 * struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }   // rtm_type RTN_LOCAL, RTN_UNICAST, ...
 * RTA_DST (the destination), RTA_OIF (u32 ifindex), RTA_GATEWAY, RTA_PREFSRC (the source it would pick)
 * </pre>
 */
public record RouteLookup(int type, Optional<Integer> oif, Optional<byte[]> gateway, Optional<byte[]> preferredSource) {
  public static final int RTA_SRC = 2;
  public static final int RTA_IIF = 3;
  public static final int RTA_PREFSRC = 7;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;
  public static final int RTN_BROADCAST = 3;
  public static final int RTN_BLACKHOLE = 6;
  public static final int RTN_UNREACHABLE = 7;
  public static final int RTN_PROHIBIT = 8;

  /**
   * The request for {@code destination} (4 or 16 bytes) of {@code family}, from {@code source}
   * arriving on {@code iif} when given.
   */
  public static MessageBuilder request(int family, byte[] destination, Optional<byte[]> source, Optional<Integer> iif) {
    MessageBuilder m = new RtMsg(family, destination.length * 8, source.map(s -> s.length * 8).orElse(0), 0, 0, 0, 0, 0, 0)
        .write(new MessageBuilder(Rtnetlink.RTM_GETROUTE, 0));
    m.attr(Rtnetlink.RTA_DST, destination);
    source.ifPresent(s -> m.attr(RTA_SRC, s));
    iif.ifPresent(i -> m.attrU32(RTA_IIF, i));
    return m;
  }

  /** Reads the kernel's answer. */
  public static RouteLookup read(Message m) {
    RtMsg header = RtMsg.read(m.buffer());
    Attributes a = m.attributes(RtMsg.SIZE);
    return new RouteLookup(header.type(), a.u32(Rtnetlink.RTA_OIF), a.bytes(Rtnetlink.RTA_GATEWAY), a.bytes(RTA_PREFSRC));
  }
}
