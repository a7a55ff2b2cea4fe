package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.dump;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FixedHeadersTest {

  private static byte[] body(UnaryOperator<MessageBuilder> write) {
    byte[] bytes = write.apply(new MessageBuilder(0, 0)).build(0, 0, 0);
    return Arrays.copyOfRange(bytes, Netlink.HEADER_SIZE, bytes.length);
  }

  private static ByteBuffer received(byte[] body) {
    return new Message(0, 0, 0, 0, body).buffer();
  }

  @Test
  void ifInfoMsgLayout() {
    IfInfoMsg header = new IfInfoMsg(Rtnetlink.AF_BRIDGE, 772, 42, 0x10001, -1);

    byte[] body = body(header::write);

    assertThat(body).hasSize(IfInfoMsg.SIZE);
    assertThat(dump(body)).isEqualTo(dump(hex("07 00 0403 2a000000 01000100 ffffffff")));
  }

  @Test
  void ifInfoMsgRoundTrips() {
    IfInfoMsg header = new IfInfoMsg(Rtnetlink.AF_BRIDGE, 0xfffe, -3, 0x80000001, Rtnetlink.IFF_UP);

    assertThat(IfInfoMsg.read(received(body(header::write)))).isEqualTo(header);
  }

  @Test
  void ifInfoMsgOfAddressesALinkAndChangesNoFlags() {
    assertThat(dump(body(IfInfoMsg.of(5)::write))).isEqualTo(dump(hex("00 00 0000 05000000 00000000 00000000")));
  }

  @Test
  void ifAddrMsgLayout() {
    IfAddrMsg header = new IfAddrMsg(Rtnetlink.AF_INET, 24, 0x80, 253, 42);

    byte[] body = body(header::write);

    assertThat(body).hasSize(IfAddrMsg.SIZE);
    assertThat(dump(body)).isEqualTo(dump(hex("02 18 80 fd 2a000000")));
  }

  @Test
  void ifAddrMsgRoundTrips() {
    IfAddrMsg header = new IfAddrMsg(Rtnetlink.AF_INET, 32, 0xff, 254, 0x7fffffff);

    assertThat(IfAddrMsg.read(received(body(header::write)))).isEqualTo(header);
  }

  @Test
  void rtMsgLayout() {
    RtMsg header = new RtMsg(Rtnetlink.AF_INET, 24, 8, 16, Rtnetlink.RT_TABLE_MAIN, 4, Rtnetlink.RT_SCOPE_LINK,
        Rtnetlink.RTN_UNICAST, 0x200);

    byte[] body = body(header::write);

    assertThat(body).hasSize(RtMsg.SIZE);
    assertThat(dump(body)).isEqualTo(dump(hex("02 18 08 10 fe 04 fd 01 00020000")));
  }

  @Test
  void rtMsgRoundTrips() {
    RtMsg header = new RtMsg(Rtnetlink.AF_INET, 32, 16, 0xb8, 255, 186, 254, 7, 0x80000000);

    assertThat(RtMsg.read(received(body(header::write)))).isEqualTo(header);
  }

  @Test
  void ndMsgLayout() {
    NdMsg header = new NdMsg(Rtnetlink.AF_BRIDGE, 42, Rtnetlink.NUD_PERMANENT, Rtnetlink.NTF_MASTER, 1);

    byte[] body = body(header::write);

    assertThat(body).hasSize(NdMsg.SIZE);
    assertThat(dump(body)).isEqualTo(dump(hex("07 00 0000 2a000000 8000 04 01")));
  }

  @Test
  void ndMsgRoundTrips() {
    NdMsg header = new NdMsg(Rtnetlink.AF_INET, 3, 0x8001, 0x88, 0xff);

    assertThat(NdMsg.read(received(body(header::write)))).isEqualTo(header);
  }
}
