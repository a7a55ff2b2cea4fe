package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Protocol;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** IPv4 packets as a SOCK_DGRAM packet socket hands them over, and which of them is the probe's. */
class CapturedPacketTest {
  private static final Ipv4Address FROM = Ipv4Address.parse("198.18.7.2");
  private static final Ipv4Address TO = Ipv4Address.parse("10.88.0.2");
  private static final byte[] TOKEN = {1, 2, 3, 4};

  /** An IPv4 header of {@code ihl} words, then a UDP or TCP header (and the payload for UDP). */
  private static ByteBuffer packet(int protocol, int ihl, int flags, byte[] payload) {
    int l4 = protocol == 6 ? 20 : 8;
    ByteBuffer b = ByteBuffer.allocate(ihl * 4 + l4 + payload.length);
    b.put(0, (byte) (0x40 | ihl)).put(9, (byte) protocol);
    b.put(12, FROM.toBytes()).put(16, TO.toBytes());
    b.putShort(ihl * 4, (short) 40000).putShort(ihl * 4 + 2, (short) 80);
    if (protocol == 17) {
      b.putShort(ihl * 4 + 4, (short) (8 + payload.length));
    }
    if (protocol == 6) {
      b.put(ihl * 4 + 13, (byte) flags);
    }
    b.put(ihl * 4 + l4, payload);
    return b;
  }

  @Test
  void aUdpDatagramIsTheProbesWhenItCarriesTheToken() {
    ByteBuffer b = packet(17, 5, 0, TOKEN);
    CapturedPacket p = CapturedPacket.parse(b, b.capacity()).orElseThrow();

    assertThat(p.source()).isEqualTo(FROM);
    assertThat(p.destination()).isEqualTo(TO);
    assertThat(p.sourcePort()).isEqualTo(40000);
    assertThat(p.destinationPort()).isEqualTo(80);
    assertThat(p.isProbe(Protocol.UDP, TO, 80, 1, TOKEN)).isTrue();
    assertThat(p.isProbe(Protocol.UDP, TO, 80, 1, new byte[] {9})).isFalse();
    assertThat(p.isProbe(Protocol.UDP, TO, 81, 1, TOKEN)).isFalse();
    assertThat(p.isProbe(Protocol.TCP, TO, 80, 40000, TOKEN)).isFalse();
  }

  @Test
  void paddingAfterTheDatagramIsNotPayload() {
    ByteBuffer padded = ByteBuffer.allocate(20 + 8 + TOKEN.length + 2).put(packet(17, 5, 0, TOKEN).array());

    assertThat(CapturedPacket.parse(padded, padded.capacity()).orElseThrow().isProbe(Protocol.UDP, TO, 80, 1, TOKEN)).isTrue();
  }

  @Test
  void aTcpSegmentIsTheProbesWhenItIsTheSynFromItsSourcePortBehindIpOptions() {
    ByteBuffer syn = packet(6, 6, 0x02, new byte[0]);
    ByteBuffer synAck = packet(6, 6, 0x12, new byte[0]);

    assertThat(CapturedPacket.parse(syn, syn.capacity()).orElseThrow().isProbe(Protocol.TCP, TO, 80, 40000, TOKEN)).isTrue();
    assertThat(CapturedPacket.parse(syn, syn.capacity()).orElseThrow().isProbe(Protocol.TCP, TO, 80, 40001, TOKEN)).isFalse();
    assertThat(CapturedPacket.parse(synAck, synAck.capacity()).orElseThrow().isProbe(Protocol.TCP, TO, 80, 40000, TOKEN)).isFalse();
  }

  @Test
  void anIpv6DatagramHasItsAddressesAfterTheFixedHeader() {
    Ipv6Address from = Ipv6Address.parse("2001:2:0:7::2");
    Ipv6Address to = Ipv6Address.parse("fd00:6::2");
    ByteBuffer b = ByteBuffer.allocate(40 + 8 + TOKEN.length);
    b.put(0, (byte) 0x60).put(6, (byte) 17).put(8, from.toBytes()).put(24, to.toBytes());
    b.putShort(40, (short) 40000).putShort(42, (short) 443).putShort(44, (short) (8 + TOKEN.length)).put(48, TOKEN);
    CapturedPacket p = CapturedPacket.parse(b, b.capacity()).orElseThrow();

    assertThat(p.source()).isEqualTo(from);
    assertThat(p.isProbe(Protocol.UDP, to, 443, 1, TOKEN)).isTrue();
    ByteBuffer hopByHop = b.duplicate().put(6, (byte) 0);
    assertThat(CapturedPacket.parse(hopByHop, hopByHop.capacity())).as("behind an extension header").isEmpty();
  }

  @Test
  void anythingElseIsNotParsed() {
    ByteBuffer icmp = packet(1, 5, 0, new byte[8]);
    ByteBuffer fragment = packet(17, 5, 0, TOKEN);
    fragment.putShort(6, (short) 0x0010);
    ByteBuffer truncated = packet(6, 5, 0x02, new byte[0]);
    ByteBuffer ipv5 = packet(17, 5, 0, TOKEN).put(0, (byte) 0x55);

    assertThat(CapturedPacket.parse(icmp, icmp.capacity())).isEmpty();
    assertThat(CapturedPacket.parse(fragment, fragment.capacity())).as("a later fragment").isEmpty();
    assertThat(CapturedPacket.parse(truncated, 30)).isEmpty();
    assertThat(CapturedPacket.parse(ipv5, ipv5.capacity())).isEmpty();
  }
}
