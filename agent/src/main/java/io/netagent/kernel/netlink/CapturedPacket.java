package io.netagent.kernel.netlink;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Protocol;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 packet as a SOCK_DGRAM packet socket hands it over (the link header taken off): the
 * fields a probe looks at.
 *
 * <pre>
 * IPv4: version|ihl (1) tos (1) total length (2) id (2) flags|fragment (2) ttl (1) protocol (1)
 *       checksum (2) source (4) destination (4) options (ihl*4 - 20)
 * UDP:  source port (2) destination port (2) length (2) checksum (2) payload
 * TCP:  source port (2) destination port (2) sequence (4) ack (4) offset (1) flags (1) ...
 * </pre>
 */
record CapturedPacket(Ipv4Address source, Ipv4Address destination, Protocol protocol, int sourcePort, int destinationPort, boolean syn,
    byte[] payload) {
  private static final int TCP_SYN = 0x02;
  private static final int TCP_ACK = 0x10;

  /** The packet in {@code b}'s first {@code length} bytes; empty for anything but a first fragment of IPv4 TCP or UDP. */
  static Optional<CapturedPacket> parse(ByteBuffer b, int length) {
    if (length < 20 || (b.get(0) & 0xf0) != 0x40) {
      return Optional.empty();
    }
    int ihl = (b.get(0) & 0x0f) * 4;
    boolean laterFragment = (b.getShort(6) & 0x1fff) != 0;
    int number = b.get(9) & 0xff;
    Protocol protocol = number == Protocol.TCP.number() ? Protocol.TCP : number == Protocol.UDP.number() ? Protocol.UDP : null;
    int headers = ihl + (protocol == Protocol.TCP ? 14 : 8);
    if (protocol == null || laterFragment || ihl < 20 || length < headers) {
      return Optional.empty();
    }
    byte[] src = new byte[4];
    byte[] dst = new byte[4];
    b.get(12, src);
    b.get(16, dst);
    int flags = protocol == Protocol.TCP ? b.get(ihl + 13) & 0xff : 0;
    byte[] payload = protocol == Protocol.UDP ? new byte[length - ihl - 8] : new byte[0];
    b.get(ihl + 8, payload);
    return Optional.of(new CapturedPacket(Ipv4Address.fromBytes(src), Ipv4Address.fromBytes(dst), protocol, b.getShort(ihl) & 0xffff,
        b.getShort(ihl + 2) & 0xffff, (flags & (TCP_SYN | TCP_ACK)) == TCP_SYN, payload));
  }

  /** Whether this is the probe's packet: to {@code destination}:{@code port}, the UDP datagram carrying {@code token}, or the TCP SYN from {@code sourcePort}. */
  boolean isProbe(Protocol protocol, Ipv4Address destination, int port, int sourcePort, byte[] token) {
    return this.protocol == protocol && this.destination.equals(destination) && destinationPort == port
        && (protocol == Protocol.UDP ? Arrays.equals(payload, token) : syn && this.sourcePort == sourcePort);
  }
}
