package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.concat;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {
  private static final byte[] LINK_AND_DONE = concat(
      hex("15000000 1000 0200 07000000 34120000"),
      hex("01020304 05 000000"),
      hex("14000000 0300 0200 07000000 34120000"),
      hex("00000000"));

  @Test
  void splitsADatagramAtAlignedOffsets() {
    List<Message> messages = Message.parseAll(ByteBuffer.wrap(LINK_AND_DONE), LINK_AND_DONE.length);

    assertThat(messages).containsExactly(
        new Message(Rtnetlink.RTM_NEWLINK, Netlink.F_MULTI, 7, 0x1234, hex("0102030405")),
        new Message(Netlink.NLMSG_DONE, Netlink.F_MULTI, 7, 0x1234, hex("00000000")));
  }

  @Test
  void readsFromIndexZeroUpToLengthWhateverTheBufferPositionAndTail() {
    ByteBuffer receive = ByteBuffer.allocateDirect(128);
    receive.put(LINK_AND_DONE).put(hex("40000000 1000 0000 08000000 00000000"));

    List<Message> messages = Message.parseAll(receive, LINK_AND_DONE.length);

    assertThat(messages).extracting(Message::type).containsExactly(Rtnetlink.RTM_NEWLINK, Netlink.NLMSG_DONE);
  }

  @Test
  void payloadsAreCopiesOfTheReceiveBuffer() {
    byte[] datagram = LINK_AND_DONE.clone();
    List<Message> messages = Message.parseAll(ByteBuffer.wrap(datagram), datagram.length);

    Arrays.fill(datagram, (byte) 0xff);

    assertThat(messages.get(0).payload()).isEqualTo(hex("0102030405"));
    assertThat(messages.get(1).payload()).isEqualTo(hex("00000000"));
  }

  @Test
  void headerFieldsAreReadUnsigned() {
    byte[] datagram = hex("10000000 06a0 0080 ffffffff 00f0ffff");

    Message m = Message.parseAll(ByteBuffer.wrap(datagram), datagram.length).get(0);

    assertThat(m.type()).isEqualTo(0xa006);
    assertThat(m.flags()).isEqualTo(0x8000);
    assertThat(m.seq()).isEqualTo(-1);
    assertThat(m.pid()).isEqualTo(-4096);
    assertThat(m.payload()).isEmpty();
  }

  @Test
  void aLengthShorterThanTheHeaderIsMalformed() {
    byte[] datagram = hex("08000000 1000 0000 01000000 00000000");

    assertThatThrownBy(() -> Message.parseAll(ByteBuffer.wrap(datagram), datagram.length))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void aLengthPastTheEndOfTheDatagramIsMalformed() {
    byte[] datagram = concat(LINK_AND_DONE, hex("40000000 1000 0000 08000000 00000000"));

    assertThatThrownBy(() -> Message.parseAll(ByteBuffer.wrap(datagram), datagram.length))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("length 64 at offset 44 of 60");
  }

  @Test
  void aLengthThatOverflowsTheOffsetIsMalformedNotAnIndexError() {
    byte[] datagram = concat(LINK_AND_DONE, hex("efffff7f 1000 0000 08000000 00000000"));

    assertThatThrownBy(() -> Message.parseAll(ByteBuffer.wrap(datagram), datagram.length))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("length 2147483631 at offset 44 of 60");
  }

  @Test
  void aPayloadShorterThanItsFixedHeaderIsMalformedNotAnIndexError() {
    byte[] datagram = hex("14000000 1000 0000 01000000 00000000 00000000");
    Message m = Message.parseAll(ByteBuffer.wrap(datagram), datagram.length).get(0);

    assertThatThrownBy(() -> IfInfoMsg.read(m.buffer()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("EPROTO: malformed netlink message: a payload of 4 bytes cannot hold its 16-byte ifinfomsg");
  }

  @Test
  void attributesFollowTheFixedHeader() {
    Message m = new Message(Rtnetlink.RTM_NEWADDR, 0, 1, 0, hex("02 18 80 00 03000000 0800 0200 0a000001"));

    assertThat(m.attributes(IfAddrMsg.SIZE).bytes(Rtnetlink.IFA_LOCAL)).hasValue(hex("0a000001"));
  }

  @Test
  void attributesFollowAnOddFixedHeaderAtTheNextAlignedOffset() {
    Message m = new Message(Rtnetlink.RTM_NEWNSID, 0, 1, 0, hex("00 000000 0800 0100 ffffffff"));

    assertThat(m.attributes(1).u32(Rtnetlink.NETNSA_NSID)).contains(-1);
  }

  @Test
  void bufferIsTheHostOrderPayload() {
    Message m = new Message(Netlink.NLMSG_ERROR, 0, 1, 0, hex("efffffff"));

    assertThat(m.buffer().getInt(0)).isEqualTo(-17);
  }
}
