package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void aColonMakesItIpv6() {
    assertThat(IpAddress.parse("2001:db8::1")).isEqualTo(Ipv6Address.parse("2001:db8::1"));
    assertThat(IpAddress.parse("::")).isInstanceOf(Ipv6Address.class);
    assertThat(IpAddress.parse("192.0.2.1")).isEqualTo(Ipv4Address.parse("192.0.2.1"));
  }

  @Test
  void textOfNeitherFamilyGetsTheMessageOfTheFamilyItLooksLike() {
    assertThatThrownBy(() -> IpAddress.parse("localhost")).hasMessage("\"localhost\" is not an IPv4 address (expected a.b.c.d)");
    assertThatThrownBy(() -> IpAddress.parse("fd00::g")).hasMessage("\"fd00::g\" is not an IPv6 address (\"g\" is not a group of 1 to 4 hex digits)");
  }

  @Test
  void theWildcardOfEachFamily() {
    assertThat(IpAddress.parse("0.0.0.0").isUnspecified()).isTrue();
    assertThat(IpAddress.parse("::").isUnspecified()).isTrue();
    assertThat(IpAddress.parse("::1").isUnspecified()).isFalse();
  }
}
