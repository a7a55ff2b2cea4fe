package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.ascii;
import static io.netagent.linux.netlink.Hex.concat;
import static io.netagent.linux.netlink.Hex.dump;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageBuilderTest {

  @Test
  void goldenBytesAssumeALittleEndianHost() {
    assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void bridgeCreateRequestMatchesTheKernelLayout() {
    MessageBuilder m = IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.F_CREATE | Netlink.F_EXCL))
        .attrString(Rtnetlink.IFLA_IFNAME, "br0")
        .attrU32(Rtnetlink.IFLA_MTU, 1400)
        .begin(Rtnetlink.IFLA_LINKINFO)
          .attrString(Rtnetlink.IFLA_INFO_KIND, "bridge")
          .begin(Rtnetlink.IFLA_INFO_DATA)
            .attrU32(Rtnetlink.IFLA_BR_STP_STATE, 0)
          .end()
        .end();

    byte[] expected = concat(
        hex("4c000000 1000 0506 2a000000 34120000"),
        hex("00 00 0000 00000000 00000000 00000000"),
        hex("0800 0300"), ascii("br0"), hex("00"),
        hex("0800 0400 78050000"),
        hex("1c00 1280"),
          hex("0b00 0100"), ascii("bridge"), hex("00 00"),
          hex("0c00 0280"),
            hex("0800 0500 00000000"));
    assertThat(dump(m.build(Netlink.F_REQUEST | Netlink.F_ACK, 42, 0x1234))).isEqualTo(dump(expected));
  }

  @Test
  void vethPeerIsARawAttributeStartingWithAnIfinfomsg() {
    MessageBuilder m = IfInfoMsg.of(0).write(new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.F_CREATE | Netlink.F_EXCL))
        .attrString(Rtnetlink.IFLA_IFNAME, "veth0")
        .begin(Rtnetlink.IFLA_LINKINFO)
        .attrString(Rtnetlink.IFLA_INFO_KIND, "veth")
        .begin(Rtnetlink.IFLA_INFO_DATA)
        .beginRaw(Rtnetlink.VETH_INFO_PEER);
    IfInfoMsg.of(0).write(m)
        .attrString(Rtnetlink.IFLA_IFNAME, "eth0")
        .attrU32(Rtnetlink.IFLA_NET_NS_FD, 7)
        .end()
        .end()
        .end();

    byte[] expected = concat(
        hex("68000000 1000 0506 01000000 00000000"),
        hex("00 00 0000 00000000 00000000 00000000"),
        hex("0a00 0300"), ascii("veth0"), hex("00 0000"),
        hex("3c00 1280"),
          hex("0900 0100"), ascii("veth"), hex("00 000000"),
          hex("2c00 0280"),
            hex("2800 0100"),
              hex("00 00 0000 00000000 00000000 00000000"),
              hex("0900 0300"), ascii("eth0"), hex("00 000000"),
              hex("0800 1c00 07000000"));
    assertThat(dump(m.build(Netlink.F_REQUEST | Netlink.F_ACK, 1, 0))).isEqualTo(dump(expected));
  }

  @Test
  void beginSetsTheNestedFlagAndBeginRawDoesNot() {
    byte[] bytes = new MessageBuilder(0, 0).begin(1).end().beginRaw(1).end().build(0, 0, 0);

    assertThat(dump(Arrays.copyOfRange(bytes, 16, bytes.length))).isEqualTo(dump(hex("0400 0180 0400 0100")));
  }

  @Test
  void buildFillsLengthSeqAndPidAndOrsExtraFlagsIntoTheConstructorFlags() {
    byte[] bytes = new MessageBuilder(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL)
        .build(Netlink.F_REQUEST | Netlink.F_ACK, 0x01020304, 0x0a0b0c0d);

    assertThat(dump(bytes)).isEqualTo(dump(hex("10000000 1400 0506 04030201 0d0c0b0a")));
  }

  @Test
  void buildCanBeRepeatedWithOtherFlagsAndSequenceNumbers() {
    MessageBuilder m = new MessageBuilder(Rtnetlink.RTM_GETLINK, 0);

    byte[] dump = m.build(Netlink.F_REQUEST | Netlink.F_DUMP, 1, 9);
    byte[] ack = m.build(Netlink.F_REQUEST | Netlink.F_ACK, 2, 9);

    assertThat(dump(dump)).isEqualTo(dump(hex("10000000 1200 0103 01000000 09000000")));
    assertThat(dump(ack)).isEqualTo(dump(hex("10000000 1200 0500 02000000 09000000")));
  }

  @Test
  void typeReportsTheMessageTypeUnsigned() {
    assertThat(new MessageBuilder(Rtnetlink.RTM_GETLINK, Netlink.F_DUMP).type()).isEqualTo(18);
    assertThat(new MessageBuilder(0xa006, 0).type()).isEqualTo(0xa006);
  }

  @Test
  void stringAttributesAreNulTerminatedWithTheNulCountedInTheLength() {
    byte[] bytes = new MessageBuilder(0, 0)
        .attrString(Rtnetlink.IFLA_IFALIAS, "abcd")
        .attrString(Rtnetlink.IFLA_IFALIAS, "")
        .build(0, 0, 0);

    assertThat(dump(Arrays.copyOfRange(bytes, 16, bytes.length))).isEqualTo(dump(concat(
        hex("0900 1400"), ascii("abcd"), hex("00 000000"),
        hex("0500 1400 00 000000"))));
  }

  @Test
  void u8AndU16AttributesArePaddedToFourBytes() {
    byte[] bytes = new MessageBuilder(0, 0)
        .attrU8(Rtnetlink.IFLA_BRPORT_MODE, 1)
        .attrU16(6, 0x8000)
        .attrU32(Rtnetlink.IFLA_BR_STP_STATE, 0xdeadbeef)
        .build(0, 0, 0);

    assertThat(bytes).hasSize(16 + 8 + 8 + 8);
    assertThat(dump(Arrays.copyOfRange(bytes, 16, bytes.length))).isEqualTo(dump(hex(
        "0500 0400 01 000000"
        + "0600 0600 0080 0000"
        + "0800 0500 efbeadde")));
  }

  @Test
  void rawAttributeBytesAreWrittenAsGivenAndPadded() {
    byte[] bytes = new MessageBuilder(0, 0).attr(Rtnetlink.IFLA_ADDRESS, hex("02 00 5e 00 00 01")).build(0, 0, 0);

    assertThat(dump(Arrays.copyOfRange(bytes, 16, bytes.length))).isEqualTo(dump(hex("0a00 0100 02005e00 0001 0000")));
  }

  @Test
  void padAlignsAnOddFixedHeaderBeforeAttributes() {
    byte[] bytes = new MessageBuilder(Rtnetlink.RTM_GETNSID, 0)
        .u8(Rtnetlink.AF_UNSPEC).pad()
        .attrU32(Rtnetlink.NETNSA_FD, 5)
        .build(Netlink.F_REQUEST, 3, 0);

    assertThat(dump(bytes)).isEqualTo(dump(hex(
        "1c000000 5a00 0100 03000000 00000000"
        + "00 000000"
        + "0800 0300 05000000")));
  }

  @Test
  void buildingWithAnUnclosedNestThrows() {
    MessageBuilder m = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0)
        .begin(Rtnetlink.IFLA_LINKINFO)
        .begin(Rtnetlink.IFLA_INFO_DATA)
        .attrU32(Rtnetlink.IFLA_BR_STP_STATE, 0)
        .end();

    assertThatThrownBy(() -> m.build(Netlink.F_REQUEST, 1, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unclosed");
  }

  @Test
  void buildingWithAnUnclosedRawAttributeThrows() {
    MessageBuilder m = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0).beginRaw(Rtnetlink.VETH_INFO_PEER);

    assertThatThrownBy(() -> m.build(Netlink.F_REQUEST, 1, 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void growsPastTheInitialBufferForManyAttributes() {
    MessageBuilder m = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
    for (int type = 1; type <= 100; type++) {
      m.attrU32(type, type * 1000);
    }

    byte[] bytes = m.build(0, 1, 0);

    assertThat(bytes).hasSize(16 + 100 * 8);
    assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt(0)).isEqualTo(816);
    Attributes attributes = Attributes.parse(bytes, 16, bytes.length);
    for (int type = 1; type <= 100; type++) {
      assertThat(attributes.u32(type)).as("attribute %d", type).contains(type * 1000);
    }
  }

  @Test
  void growsInsideAnOpenNestAndStillFixesTheNestLength() {
    MessageBuilder m = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0).begin(Rtnetlink.IFLA_LINKINFO);
    for (int type = 1; type <= 50; type++) {
      m.attrU32(type, type);
    }

    byte[] bytes = m.end().build(0, 1, 0);

    assertThat(bytes).hasSize(16 + 4 + 50 * 8);
    assertThat(dump(Arrays.copyOfRange(bytes, 16, 20))).isEqualTo(dump(hex("9401 1280")));
    assertThat(Attributes.parse(bytes, 16, bytes.length).nested(Rtnetlink.IFLA_LINKINFO).orElseThrow().u32(50)).contains(50);
  }

  @Test
  void growsForOneAttributeLargerThanTwiceTheBuffer() {
    byte[] payload = new byte[601];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }

    byte[] bytes = new MessageBuilder(0, 0).attr(1, payload).build(0, 0, 0);

    assertThat(bytes).hasSize(16 + 608);
    assertThat(dump(Arrays.copyOfRange(bytes, 16, 20))).isEqualTo(dump(hex("5d02 0100")));
    assertThat(Attributes.parse(bytes, 16, bytes.length).bytes(1)).hasValue(payload);
  }
}
