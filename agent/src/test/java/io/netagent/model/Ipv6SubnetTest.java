package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv6SubnetTest {
  @Test
  void parsesAndPrintsCanonically() {
    assertThat(Ipv6Subnet.parse("FD00:0088:0:0::/64")).hasToString("fd00:88::/64");
    assertThat(Ipv6Subnet.parse("::/0").contains(Ipv6Address.parse("2001:db8::1"))).isTrue();
  }

  @Test
  void refusesHostBitsNamingTheSubnetMeant() {
    assertThatThrownBy(() -> Ipv6Subnet.parse("fd00:88::5/64")).isInstanceOf(ModelException.class)
        .hasMessage("fd00:88::5/64 has host bits set (did you mean fd00:88::/64?)");
    assertThatThrownBy(() -> Ipv6Subnet.parse("fd00:88:0:1::/63")).hasMessage(
        "fd00:88:0:1::/63 has host bits set (did you mean fd00:88::/63?)");
  }

  @Test
  void refusesABadPrefix() {
    assertThatThrownBy(() -> Ipv6Subnet.parse("fd00::")).hasMessageContaining("expected address/prefix");
    assertThatThrownBy(() -> Ipv6Subnet.parse("fd00::/129")).hasMessage("prefix length 129 is not between 0 and 128");
    assertThatThrownBy(() -> Ipv6Subnet.parse("fd00::/064")).hasMessageContaining("no valid prefix length");
    assertThatThrownBy(() -> Ipv6Subnet.parse("fd00::/")).hasMessageContaining("no valid prefix length");
  }

  @Test
  void containsAndOverlaps() {
    Ipv6Subnet a = Ipv6Subnet.parse("fd00:88::/64");
    assertThat(a.contains(Ipv6Address.parse("fd00:88::ffff"))).isTrue();
    assertThat(a.contains(Ipv6Address.parse("fd00:88:0:1::1"))).isFalse();
    assertThat(a.overlaps(Ipv6Subnet.parse("fd00:88::/48"))).isTrue();
    assertThat(a.overlaps(Ipv6Subnet.parse("fd00:88:0:0:8000::/65"))).isTrue();
    assertThat(a.overlaps(Ipv6Subnet.parse("fd00:89::/64"))).isFalse();
    assertThat(a.last()).hasToString("fd00:88::ffff:ffff:ffff:ffff");
    assertThat(Ipv6Subnet.parse("fd00::/120").last()).hasToString("fd00::ff");
  }

  @Test
  void theSubnetRouterAnycastAndTheReservedAnycastAddressesAreReserved() {
    Ipv6Subnet a = Ipv6Subnet.parse("fd00:88::/64");
    assertThat(a.isReserved(Ipv6Address.parse("fd00:88::"))).isTrue();
    assertThat(a.isReserved(Ipv6Address.parse("fd00:88::1"))).isFalse();
    assertThat(a.isReserved(Ipv6Address.parse("fd00:88::fdff:ffff:ffff:ff80"))).isTrue();
    assertThat(a.isReserved(Ipv6Address.parse("fd00:88::fdff:ffff:ffff:ffff"))).isTrue();
    assertThat(a.isReserved(Ipv6Address.parse("fd00:88::fdff:ffff:ffff:ff7f"))).isFalse();
    assertThat(a.isReserved(Ipv6Address.parse("fd00:88::ffff:ffff:ffff:ffff"))).isFalse();
    assertThat(Ipv6Subnet.parse("fd00::/127").isReserved(Ipv6Address.parse("fd00::"))).as("RFC 6164").isFalse();
  }

  @Test
  void saysWhichReservedAddressItIs() {
    Ipv6Subnet a = Ipv6Subnet.parse("fd00:88::/64");
    assertThat(a.reservation(Ipv6Address.parse("fd00:88::"))).contains("the subnet-router anycast address of fd00:88::/64");
    assertThat(a.reservation(Ipv6Address.parse("fd00:88::fdff:ffff:ffff:ffff")))
        .contains("a reserved subnet anycast address of fd00:88::/64 (RFC 2526)");
    assertThat(a.reservation(Ipv6Address.parse("fd00:88::2"))).isEmpty();
  }
}
