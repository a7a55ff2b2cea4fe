package io.netagent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The packet socket's structs, byte by byte (no root needed). */
class PacketSocketTest {
  @Test
  void sockaddrLlHasTheFamilyInHostOrderTheProtocolInNetworkOrderAndTheIndex() {
    byte[] address = PacketSocket.bind(PacketSocket.ETH_P_ALL, 7);

    assertThat(address).hasSize(20);
    ByteBuffer b = ByteBuffer.wrap(address).order(ByteOrder.nativeOrder());
    assertThat(b.getShort(0)).isEqualTo((short) 17);
    assertThat(address[2]).isZero();
    assertThat(address[3]).isEqualTo((byte) 3);
    assertThat(b.getInt(4)).isEqualTo(7);
    assertThat(java.util.Arrays.copyOfRange(address, 8, 20)).containsOnly(0);
  }

  @Test
  void timevalSplitsMillisecondsIntoSecondsAndMicroseconds() {
    ByteBuffer b = ByteBuffer.wrap(PacketSocket.timeval(2500)).order(ByteOrder.nativeOrder());

    assertThat(b.capacity()).isEqualTo(16);
    assertThat(b.getLong(0)).isEqualTo(2);
    assertThat(b.getLong(8)).isEqualTo(500_000);
  }
}
