package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishedPortTest {
  private static final Ipv4Address WEB = Ipv4Address.parse("10.88.0.2");
  private static final Ipv6Address WEB6 = Ipv6Address.parse("fd00:88::2");

  private static PublishedPort port(String hostIp) {
    return new PublishedPort(8080, 80, Protocol.TCP, Optional.ofNullable(hostIp).map(IpAddress::parse));
  }

  @Test
  void withoutAHostIpItIsPublishedOverBothFamiliesOnEveryAddress() {
    PublishedPort any = port(null);

    assertThat(any.overIpv4()).isTrue();
    assertThat(any.overIpv6()).isTrue();
    assertThat(any.toIpv4(WEB)).isEqualTo(new PortMapping(8080, 80, Protocol.TCP, WEB, Optional.empty()));
    assertThat(any.toIpv6(WEB6)).isEqualTo(new Ipv6PortMapping(8080, 80, Protocol.TCP, WEB6, Optional.empty()));
  }

  @Test
  void aHostIpRestrictsItToItsFamilyAndAddress() {
    PublishedPort v4 = port("192.0.2.1");
    PublishedPort v6 = port("2001:db8::1");

    assertThat(v4.overIpv4()).isTrue();
    assertThat(v4.overIpv6()).isFalse();
    assertThat(v4.toIpv4(WEB).hostIp()).contains(Ipv4Address.parse("192.0.2.1"));
    assertThat(v6.overIpv4()).isFalse();
    assertThat(v6.overIpv6()).isTrue();
    assertThat(v6.toIpv6(WEB6).hostIp()).contains(Ipv6Address.parse("2001:db8::1"));
  }

  @Test
  void theUnspecifiedAddressRestrictsItToItsFamilyOnEveryAddress() {
    assertThat(port("0.0.0.0").overIpv6()).isFalse();
    assertThat(port("0.0.0.0").toIpv4(WEB).hostIp()).isEmpty();
    assertThat(port("::").overIpv4()).isFalse();
    assertThat(port("::").toIpv6(WEB6).hostIp()).isEmpty();
  }

  @Test
  void refusesPortsOutOfRange() {
    assertThatThrownBy(() -> new PublishedPort(0, 80, Protocol.TCP, Optional.empty())).isInstanceOf(ModelException.class)
        .hasMessage("host port 0 is outside 1–65535");
    assertThatThrownBy(() -> new PublishedPort(80, 65536, Protocol.TCP, Optional.empty())).hasMessage("container port 65536 is outside 1–65535");
  }

  @Test
  void printsItsHostSide() {
    assertThat(port(null)).hasToString("tcp 8080 → 80");
    assertThat(port("127.0.0.1")).hasToString("tcp 127.0.0.1:8080 → 80");
    assertThat(port("2001:db8::1")).hasToString("tcp [2001:db8::1]:8080 → 80");
  }

  @Test
  void anIpv6ForwardingPrintsItsAddressesInBrackets() {
    Ipv6PortMapping bound = new Ipv6PortMapping(8080, 80, Protocol.TCP, WEB6, Optional.of(Ipv6Address.parse("2001:db8::1")));

    assertThat(bound).hasToString("tcp [2001:db8::1]:8080 → [fd00:88::2]:80");
    assertThat(port(null).toIpv6(WEB6)).hasToString("tcp 8080 → [fd00:88::2]:80");
    assertThatThrownBy(() -> new Ipv6PortMapping(8080, 0, Protocol.TCP, WEB6, Optional.empty())).hasMessage("container port 0 is outside 1–65535");
  }
}
