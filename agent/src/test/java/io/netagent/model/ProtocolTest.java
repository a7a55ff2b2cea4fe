package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolTest {

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "TCP", "Tcp", "tCP"})
  void parsesTcpInAnyCase(String text) {
    assertThat(Protocol.parse(text)).isEqualTo(Protocol.TCP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "UDP", "Udp"})
  void parsesUdpInAnyCase(String text) {
    assertThat(Protocol.parse(text)).isEqualTo(Protocol.UDP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sctp", "icmp", "", " tcp", "tcp6", "6"})
  void refusesAnythingElse(String text) {
    assertThatThrownBy(() -> Protocol.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("protocol \"" + text + "\" is not supported (use tcp or udp)");
  }

  @Test
  void numbersAreTheIanaProtocolNumbers() {
    assertThat(Protocol.TCP.number()).isEqualTo(6);
    assertThat(Protocol.UDP.number()).isEqualTo(17);
  }

  @Test
  void formatsLowerCase() {
    assertThat(Protocol.TCP).hasToString("tcp");
    assertThat(Protocol.UDP).hasToString("udp");
  }
}
