package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArpProxyEntryTest {

  @Test
  void unicastMacIsAccepted() {
    ArpProxyEntry entry = new ArpProxyEntry(Ipv4Address.parse("10.88.0.50"), MacAddress.parse("02:42:0a:58:00:32"));

    assertThat(entry).hasToString("10.88.0.50 → 02:42:0a:58:00:32");
  }

  @Test
  void multicastMacIsRefused() {
    assertThatThrownBy(() -> new ArpProxyEntry(Ipv4Address.parse("10.88.0.50"), MacAddress.parse("01:00:5e:00:00:01")))
        .isInstanceOf(ModelException.class)
        .hasMessage("ARP proxy MAC 01:00:5e:00:00:01 must be a unicast address");
  }

  @Test
  void zeroMacIsRefused() {
    assertThatThrownBy(() -> new ArpProxyEntry(Ipv4Address.parse("10.88.0.50"), MacAddress.parse("00:00:00:00:00:00")))
        .hasMessage("ARP proxy MAC 00:00:00:00:00:00 must be a unicast address");
  }
}
