package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.ascii;
import static io.netagent.linux.netlink.Hex.concat;
import static io.netagent.linux.netlink.Hex.dump;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.linux.Errno;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NetlinkSocketCodecTest {
  private static final byte[] EEXIST = hex("efffffff");
  private static final byte[] NEWADDR_REQUEST_HEADER = hex("28000000 1400 0506 2a000000 34120000");
  private static final byte[] NEWADDR_REQUEST_PAYLOAD = hex(
      "02 18 00 00 03000000"
      + "0800 0200 0a000001"
      + "0800 0100 0a000001");
  private static final byte[] ADDRESS_ALREADY_ASSIGNED =
      concat(hex("2300 0100"), ascii("ipv4: Address already assigned"), hex("00 00"));

  private static Message error(int flags, byte[]... payload) {
    return new Message(Netlink.NLMSG_ERROR, flags, 42, 0x1234, concat(payload));
  }

  @Test
  void cappedErrorWithExtendedAckCarriesTheKernelText() {
    Message m = error(Netlink.F_CAPPED | Netlink.F_ACK_TLVS, EEXIST, NEWADDR_REQUEST_HEADER, ADDRESS_ALREADY_ASSIGNED);

    NetlinkException e = NetlinkSocket.error(m, 17);

    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
    assertThat(e.number()).isEqualTo(17);
    assertThat(e.kernelMessage()).isEqualTo("ipv4: Address already assigned");
    assertThat(e.getMessage()).isEqualTo("EEXIST: ipv4: Address already assigned");
  }

  @Test
  void uncappedErrorSkipsTheEchoedRequestPayload() {
    Message m = error(Netlink.F_ACK_TLVS, EEXIST, NEWADDR_REQUEST_HEADER, NEWADDR_REQUEST_PAYLOAD, ADDRESS_ALREADY_ASSIGNED);

    assertThat(NetlinkSocket.error(m, 17).kernelMessage()).isEqualTo("ipv4: Address already assigned");
  }

  @Test
  void uncappedErrorSkipsAnUnalignedEchoedRequestByItsAlignedLength() {
    Message m = error(Netlink.F_ACK_TLVS,
        hex("eaffffff"),
        hex("11000000 5a00 0100 05000000 34120000"), hex("00 000000"),
        concat(hex("1900 0100"), ascii("Invalid nsid request"), hex("00 000000")));

    NetlinkException e = NetlinkSocket.error(m, 22);

    assertThat(e.getMessage()).isEqualTo("EINVAL: Invalid nsid request");
  }

  @Test
  void theMessageAttributeIsFoundAmongOtherExtendedAckAttributes() {
    Message m = error(Netlink.F_CAPPED | Netlink.F_ACK_TLVS,
        hex("deffffff"), hex("40000000 1000 0506 2b000000 34120000"),
        concat(hex("2700 0100"), ascii("Attribute failed policy validation"), hex("00 00")),
        hex("0800 0200 20000000"));

    NetlinkException e = NetlinkSocket.error(m, 34);

    assertThat(e.errno()).isEqualTo(Errno.ERANGE);
    assertThat(e.getMessage()).isEqualTo("ERANGE: Attribute failed policy validation");
  }

  @Test
  void extendedAckWithoutAMessageFallsBackToStrerror() {
    Message m = error(Netlink.F_CAPPED | Netlink.F_ACK_TLVS, hex("eaffffff"), NEWADDR_REQUEST_HEADER, hex("0800 0200 20000000"));

    NetlinkException e = NetlinkSocket.error(m, 22);

    assertThat(e.kernelMessage()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("EINVAL: Invalid argument");
  }

  @Test
  void withoutAckTlvsTheTextIsEmptyAndTheMessageIsStrerror() {
    Message m = error(Netlink.F_CAPPED, EEXIST, hex("34000000 1000 0506 2b000000 34120000"));

    NetlinkException e = NetlinkSocket.error(m, 17);

    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
    assertThat(e.kernelMessage()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("EEXIST: File exists");
  }

  @Test
  void anErrnoOutsideTheEnumKeepsItsNumber() {
    Message m = error(Netlink.F_CAPPED, hex("85ffffff"), NEWADDR_REQUEST_HEADER);

    NetlinkException e = NetlinkSocket.error(m, 123);

    assertThat(e.errno()).isEqualTo(Errno.UNKNOWN);
    assertThat(e.number()).isEqualTo(123);
    assertThat(e.getMessage()).isEqualTo("UNKNOWN(123): Unknown error");
  }

  @Test
  void anErrorDatagramFromTheKernelDecodesEndToEnd() {
    byte[] datagram = concat(
        hex("48000000 0200 0003 2a000000 34120000"),
        EEXIST, NEWADDR_REQUEST_HEADER, ADDRESS_ALREADY_ASSIGNED);

    Message m = Message.parseAll(ByteBuffer.wrap(datagram), datagram.length).get(0);
    NetlinkException e = NetlinkSocket.error(m, -m.buffer().getInt(0));

    assertThat(m.type()).isEqualTo(Netlink.NLMSG_ERROR);
    assertThat(e.getMessage()).isEqualTo("EEXIST: ipv4: Address already assigned");
  }

  @Test
  void sockaddrIsTwelveBytesOfFamilyPadPidAndGroups() {
    assertThat(dump(NetlinkSocket.sockaddr(0x1234, 0x11))).isEqualTo(dump(hex("1000 0000 34120000 11000000")));
  }

  @Test
  void sockaddrOfTheKernelIsAllZeroButTheFamily() {
    assertThat(dump(NetlinkSocket.sockaddr(0, 0))).isEqualTo(dump(hex("1000 0000 00000000 00000000")));
  }

  @Test
  void sockaddrKeepsANegativePortIdBitForBit() {
    assertThat(dump(NetlinkSocket.sockaddr(-4096, 0))).isEqualTo(dump(hex("1000 0000 00f0ffff 00000000")));
  }
}
