package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.ascii;
import static io.netagent.linux.netlink.Hex.concat;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AttributesTest {

  private static Attributes parse(byte[] data) {
    return Attributes.parse(data, 0, data.length);
  }

  @Test
  void aNestedFlaggedTypeIsFoundByItsPlainNumber() {
    Attributes a = parse(concat(
        hex("1000 1280"),
          hex("0b00 0100"), ascii("bridge"), hex("00 00")));

    assertThat(a.has(Rtnetlink.IFLA_LINKINFO)).isTrue();
    assertThat(a.nested(Rtnetlink.IFLA_LINKINFO).orElseThrow().string(Rtnetlink.IFLA_INFO_KIND)).hasValue("bridge");
  }

  @Test
  void aByteOrderFlaggedTypeIsFoundByItsPlainNumber() {
    Attributes a = parse(hex("0600 0140 1f90 0000"));

    assertThat(a.bytes(1)).hasValue(hex("1f90"));
  }

  @Test
  void stringDropsItsTrailingNuls() {
    Attributes a = parse(concat(
        hex("0b00 0300"), ascii("eth0"), hex("000000 00"),
        hex("0800 1400"), ascii("abcd")));

    assertThat(a.string(Rtnetlink.IFLA_IFNAME)).hasValue("eth0");
    assertThat(a.string(Rtnetlink.IFLA_IFALIAS)).hasValue("abcd");
  }

  @Test
  void anEmptyStringAttributeIsAnEmptyString() {
    assertThat(parse(hex("0500 1400 00 000000")).string(Rtnetlink.IFLA_IFALIAS)).hasValue("");
  }

  @Test
  void readsHostOrderIntegersOfEachWidth() {
    Attributes a = parse(hex(
        "0500 0400 01 000000"
        + "0600 0600 0080 0000"
        + "0800 0d00 efbeadde"));

    assertThat(a.u8(4)).contains(1);
    assertThat(a.u16(6)).contains(0x8000);
    assertThat(a.u32(13)).contains(0xdeadbeef);
  }

  @Test
  void readsNetworkOrderIntegersAsUnsigned() {
    Attributes a = parse(hex("0800 0100 deadbeef"));

    assertThat(a.be32(1)).contains(0xdeadbeefL);
    assertThat(parse(hex("0600 0100 dead 0000")).be32(1)).isEmpty();
  }

  @Test
  void anIntegerWiderThanThePayloadIsEmpty() {
    Attributes a = parse(hex("0600 0600 0080 0000"));

    assertThat(a.u32(6)).isEmpty();
    assertThat(a.u16(6)).contains(0x8000);
  }

  @Test
  void nestedWithoutASkipHeader() {
    Attributes a = parse(concat(
        hex("1800 1280"),
          hex("0900 0100"), ascii("veth"), hex("00 000000"),
          hex("0800 0280"),
            hex("0400 0100")));

    Attributes linkInfo = a.nested(Rtnetlink.IFLA_LINKINFO).orElseThrow();

    assertThat(linkInfo.string(Rtnetlink.IFLA_INFO_KIND)).hasValue("veth");
    assertThat(linkInfo.nested(Rtnetlink.IFLA_INFO_DATA).orElseThrow().has(Rtnetlink.VETH_INFO_PEER)).isTrue();
  }

  @Test
  void nestedAfterASkipHeaderReadsTheAttributesBehindIt() {
    Attributes a = parse(concat(
        hex("2800 0100"),
          hex("00 00 0100 2a000000 01000000 01000000"),
          hex("0900 0300"), ascii("eth0"), hex("00 000000"),
          hex("0800 1c00 07000000")));

    Attributes peer = a.nested(Rtnetlink.VETH_INFO_PEER, IfInfoMsg.SIZE).orElseThrow();

    assertThat(peer.string(Rtnetlink.IFLA_IFNAME)).hasValue("eth0");
    assertThat(peer.u32(Rtnetlink.IFLA_NET_NS_FD)).contains(7);
    assertThat(IfInfoMsg.read(a.buffer(Rtnetlink.VETH_INFO_PEER).orElseThrow())).isEqualTo(new IfInfoMsg(0, 1, 42, 1, 1));
  }

  @Test
  void nestedStopsAtTheEndOfItsParent() {
    Attributes a = parse(hex(
        "0c00 0280"
        + "  0800 0100 01000000"
        + "0800 0500 02000000"));

    Attributes data = a.nested(Rtnetlink.IFLA_INFO_DATA).orElseThrow();

    assertThat(data.u32(1)).contains(1);
    assertThat(data.has(5)).isFalse();
    assertThat(a.u32(5)).contains(2);
  }

  @Test
  void aTruncatedTrailingAttributeIsIgnored() {
    Attributes a = parse(hex(
        "0800 0400 dc050000"
        + "0c00 0a00 03000000"));

    assertThat(a.u32(Rtnetlink.IFLA_MTU)).contains(1500);
    assertThat(a.has(Rtnetlink.IFLA_MASTER)).isFalse();
  }

  @Test
  void aLengthBelowTheHeaderSizeStopsParsing() {
    Attributes a = parse(hex(
        "0800 0400 dc050000"
        + "0000 0a00"
        + "0800 0a00 03000000"));

    assertThat(a.u32(Rtnetlink.IFLA_MTU)).contains(1500);
    assertThat(a.has(Rtnetlink.IFLA_MASTER)).isFalse();
  }

  @Test
  void parsesOnlyTheGivenRange() {
    byte[] data = hex(
        "ffffffff"
        + "0800 0400 dc050000"
        + "0800 0a00 03000000");

    Attributes a = Attributes.parse(data, 4, 12);

    assertThat(a.u32(Rtnetlink.IFLA_MTU)).contains(1500);
    assertThat(a.has(Rtnetlink.IFLA_MASTER)).isFalse();
  }

  @Test
  void aMissingAttributeIsEmptyEverywhere() {
    Attributes a = parse(hex("0800 0400 dc050000"));

    assertThat(a.has(Rtnetlink.IFLA_MASTER)).isFalse();
    assertThat(a.bytes(Rtnetlink.IFLA_MASTER)).isEmpty();
    assertThat(a.string(Rtnetlink.IFLA_MASTER)).isEmpty();
    assertThat(a.u8(Rtnetlink.IFLA_MASTER)).isEmpty();
    assertThat(a.u16(Rtnetlink.IFLA_MASTER)).isEmpty();
    assertThat(a.u32(Rtnetlink.IFLA_MASTER)).isEmpty();
    assertThat(a.nested(Rtnetlink.IFLA_MASTER)).isEmpty();
    assertThat(a.buffer(Rtnetlink.IFLA_MASTER)).isEmpty();
  }

  @Test
  void anEmptyRangeHasNoAttributes() {
    assertThat(parse(new byte[0]).has(Rtnetlink.IFLA_IFNAME)).isFalse();
  }

  @Test
  void theFirstOfRepeatedTypesIsReturned() {
    Attributes a = parse(hex(
        "0800 0400 dc050000"
        + "0800 0400 78050000"));

    assertThat(a.u32(Rtnetlink.IFLA_MTU)).contains(1500);
  }

  @Test
  void bytesAreACopyOfThePayload() {
    byte[] data = hex("0a00 0100 02005e00 0001 0000");
    Attributes a = parse(data);

    byte[] mac = a.bytes(Rtnetlink.IFLA_ADDRESS).orElseThrow();
    mac[0] = 0;

    assertThat(a.bytes(Rtnetlink.IFLA_ADDRESS)).hasValue(hex("02005e000001"));
  }

  @Test
  void bufferIsAHostOrderViewOfJustThePayload() {
    ByteBuffer b = parse(hex("0400 0900 0800 0500 2a000000")).buffer(5).orElseThrow();

    assertThat(b.remaining()).isEqualTo(4);
    assertThat(b.getInt(0)).isEqualTo(42);
  }
}
