package io.netagent.kernel.netlink;

import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 packet as a SOCK_DGRAM packet socket hands it over (the link header taken
 * off): the fields a probe looks at.
 *
 * <pre>
 * IPv4: version|ihl (1) tos (1) total length (2) id (2) flags|fragment (2) ttl (1) protocol (1)
 *       checksum (2) source (4) destination (4) options (ihl*4 - 20)
 * IPv6: version|class|flow (4) payload length (2) next header (1) hop limit (1) source (16)
 *       destination (16); the probe's packets carry no extension header
 * UDP:  source port (2) destination port (2) length (2) checksum (2) payload
 * TCP:  source port (2) destination port (2) sequence (4) ack (4) offset (1) flags (1) ...
 * </pre>
 */
record CapturedPacket(IpAddress source, IpAddress destination, Protocol protocol, int sourcePort, int destinationPort, boolean syn,
    byte[] payload) {
  private static final int TCP_SYN = 0x02;
  private static final int TCP_ACK = 0x10;

  /**
   * The packet in {@code b}'s first {@code length} bytes; empty for anything but TCP or UDP
   * right after the IP header (not a later IPv4 fragment, nor behind an IPv6 extension header).
   */
  static Optional<CapturedPacket> parse(ByteBuffer b, int length) {
    int version = length < 1 ? 0 : (b.get(0) & 0xf0) >> 4;
    boolean v6 = version == 6;
    if (version != 4 && !v6 || length < (v6 ? 40 : 20)) {
      return Optional.empty();
    }
    int ihl = v6 ? 40 : (b.get(0) & 0x0f) * 4;
    boolean laterFragment = !v6 && (b.getShort(6) & 0x1fff) != 0;
    int number = b.get(v6 ? 6 : 9) & 0xff;
    Protocol protocol = number == Protocol.TCP.number() ? Protocol.TCP : number == Protocol.UDP.number() ? Protocol.UDP : null;
    int headers = ihl + (protocol == Protocol.TCP ? 14 : 8);
    if (protocol == null || laterFragment || ihl < 20 || length < headers) {
      return Optional.empty();
    }
    int size = v6 ? 16 : 4;
    byte[] src = new byte[size];
    byte[] dst = new byte[size];
    b.get(v6 ? 8 : 12, src);
    b.get(v6 ? 24 : 16, dst);
    int flags = protocol == Protocol.TCP ? b.get(ihl + 13) & 0xff : 0;
    // The UDP length, not what was captured: a frame padded to Ethernet's minimum carries more.
    int udpPayload = Math.min((b.getShort(ihl + 4) & 0xffff) - 8, length - ihl - 8);
    byte[] payload = protocol == Protocol.UDP ? new byte[Math.max(udpPayload, 0)] : new byte[0];
    b.get(ihl + 8, payload);
    return Optional.of(new CapturedPacket(address(src), address(dst), protocol, b.getShort(ihl) & 0xffff,
        b.getShort(ihl + 2) & 0xffff, (flags & (TCP_SYN | TCP_ACK)) == TCP_SYN, payload));
  }

  private static IpAddress address(byte[] bytes) {
    return bytes.length == 4 ? Ipv4Address.fromBytes(bytes) : Ipv6Address.fromBytes(bytes);
  }

  /** Whether this is the probe's packet: to {@code destination}:{@code port}, the UDP datagram carrying {@code token}, or the TCP SYN from {@code sourcePort}. */
  boolean isProbe(Protocol protocol, IpAddress destination, int port, int sourcePort, byte[] token) {
    return this.protocol == protocol && this.destination.equals(destination) && destinationPort == port
        && (protocol == Protocol.UDP ? Arrays.equals(payload, token) : syn && this.sourcePort == sourcePort);
  }
}
