package io.netagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The metrics listener's address: a literal loopback address and a port, nothing else. */
class MetricsListenTest {
  @Test
  void loopbackOfEitherFamily() {
    assertThat(MetricsListen.display(MetricsListen.parse("127.0.0.1:9464"))).isEqualTo("127.0.0.1:9464");
    assertThat(MetricsListen.parse("127.0.0.2:1").getPort()).isEqualTo(1);
    assertThat(MetricsListen.display(MetricsListen.parse("[::1]:9464"))).isEqualTo("[::1]:9464");
  }

  @Test
  void anythingElseIsRefusedSayingWhy() {
    assertThatThrownBy(() -> MetricsListen.parse("0.0.0.0:9464")).hasMessage("0.0.0.0 is not a loopback address: metrics are served only "
        + "on loopback (127.0.0.1, ::1)");
    assertThatThrownBy(() -> MetricsListen.parse("192.0.2.1:9464")).hasMessageContaining("192.0.2.1 is not a loopback address");
    assertThatThrownBy(() -> MetricsListen.parse("[::]:9464")).hasMessageContaining(":: is not a loopback address");
    assertThatThrownBy(() -> MetricsListen.parse("localhost:9464")).hasMessageContaining("with a literal address");
    assertThatThrownBy(() -> MetricsListen.parse("::1:9464")).hasMessageContaining("with a literal address");
    assertThatThrownBy(() -> MetricsListen.parse("9464")).hasMessageContaining("is not ADDRESS:PORT");
    assertThatThrownBy(() -> MetricsListen.parse("127.0.0.1:0")).hasMessage("port '0' is not a number from 1 to 65535");
    assertThatThrownBy(() -> MetricsListen.parse("127.0.0.1:http")).hasMessage("port 'http' is not a number from 1 to 65535");
  }
}
