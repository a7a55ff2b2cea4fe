package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelTrace.Event;
import io.netagent.kernel.KernelTrace.EventType;
import io.netagent.kernel.KernelTrace.Header;
import io.netagent.linux.netlink.NfTrace;
import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/** Turns nftables' trace events into the port's {@link Event}s: names for families, verdicts and interfaces, the packet's addresses and ports. */
final class TraceEvents {
  /** The low byte of a verdict is the verdict; NF_DROP may carry an errno above it (NF_DROP_ERR). */
  private static final int VERDICT_MASK = 0xff;

  private TraceEvents() {}

  /**
   * The event, with netagent's rule comments ({@code comments}: by family, then rule handle) and
   * interface names ({@code names}: by ifindex).
   */
  static Event of(NfTrace t, Map<String, Map<Long, String>> comments, IntFunction<String> names) {
    String family = family(t.family());
    EventType type = t.type() == NfTrace.NFT_TRACETYPE_POLICY ? EventType.POLICY
        : t.type() == NfTrace.NFT_TRACETYPE_RETURN ? EventType.RETURN : EventType.RULE;
    Optional<String> comment = t.ruleHandle().flatMap(h -> Optional.ofNullable(comments.getOrDefault(family + " " + t.table(), Map.of()).get(h)));
    String verdict = type == EventType.POLICY ? verdict(t.policy().orElse(NfTrace.NF_ACCEPT), Optional.empty())
        : verdict(t.verdict().orElse(NfTrace.NFT_CONTINUE), t.jumpTarget());
    return new Event(family, t.table(), t.chain(), type, t.ruleHandle(), comment, verdict, t.iif().map(names::apply), t.oif().map(names::apply),
        header(t.networkHeader(), t.transportHeader()));
  }

  static String family(int nfproto) {
    return switch (nfproto) {
      case 1 -> "inet";
      case 2 -> "ip";
      case 3 -> "arp";
      case 5 -> "netdev";
      case 7 -> "bridge";
      case 10 -> "ip6";
      default -> "family " + nfproto;
    };
  }

  static String verdict(int code, Optional<String> chain) {
    return switch (code) {
      case NfTrace.NFT_CONTINUE -> "continue";
      case NfTrace.NFT_BREAK -> "break";
      case NfTrace.NFT_JUMP -> "jump " + chain.orElse("?");
      case NfTrace.NFT_GOTO -> "goto " + chain.orElse("?");
      case NfTrace.NFT_RETURN -> "return";
      default -> switch (code & VERDICT_MASK) {
        case NfTrace.NF_DROP -> "drop";
        case NfTrace.NF_ACCEPT -> "accept";
        case 2 -> "stolen";
        case 3 -> "queue";
        case 4 -> "repeat";
        default -> "verdict " + code;
      };
    };
  }

  /**
   * The addresses of an IPv4 header (saddr at 12, daddr at 16) or an IPv6 one (at 8 and 24), and
   * the ports at the start of a TCP or UDP header.
   */
  static Optional<Header> header(Optional<byte[]> network, Optional<byte[]> transport) {
    if (network.isEmpty() || transport.isEmpty() || network.get().length < 20 || transport.get().length < 4) {
      return Optional.empty();
    }
    byte[] ip = network.get();
    byte[] th = transport.get();
    int version = (ip[0] & 0xf0) >> 4;
    IpAddress source;
    IpAddress destination;
    if (version == 4) {
      source = Ipv4Address.fromBytes(Arrays.copyOfRange(ip, 12, 16));
      destination = Ipv4Address.fromBytes(Arrays.copyOfRange(ip, 16, 20));
    } else if (version == 6 && ip.length >= 40) {
      source = Ipv6Address.fromBytes(Arrays.copyOfRange(ip, 8, 24));
      destination = Ipv6Address.fromBytes(Arrays.copyOfRange(ip, 24, 40));
    } else {
      return Optional.empty();
    }
    return Optional.of(new Header(source, destination, ((th[0] & 0xff) << 8) | (th[1] & 0xff), ((th[2] & 0xff) << 8) | (th[3] & 0xff)));
  }
}
