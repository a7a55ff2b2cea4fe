package io.netagent.model;

import static io.netagent.model.DualStack.SUBNET6;
import static io.netagent.model.DualStack.ip6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BridgeIpv6Test {
  private static final Ipv6SourceNat MASQUERADE = new Ipv6SourceNat.Masquerade();

  @Test
  void theDefaultGatewayIsTheFirstAddressAfterTheSubnetRouterAnycastOne() {
    assertThat(BridgeIpv6.defaultGateway(SUBNET6)).isEqualTo(ip6("fd00:88::1"));
    assertThat(BridgeIpv6.defaultGateway(Ipv6Subnet.parse("fd00::100/120"))).isEqualTo(ip6("fd00::101"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "fd00:88::/48 | fd00:88::/48 is a /48: an IPv6 container network must be a /64 or a longer prefix, up to /127",
      "fd00:88::/63 | fd00:88::/63 is a /63: an IPv6 container network must be a /64 or a longer prefix, up to /127",
      "fd00:88::1/128 | fd00:88::1/128 is a /128: an IPv6 container network must be a /64 or a longer prefix, up to /127",
      "fe80::/64 | fe80::/64 is link-local (fe80::/10): an IPv6 container network needs global or unique local addresses, such as fd00:88::/64",
      "ff02::/64 | ff02::/64 is multicast (ff00::/8): an IPv6 container network needs global or unique local addresses, such as fd00:88::/64",
      "::ffff:0:0/96 | ::ffff:0.0.0.0/96 is IPv4-mapped (::ffff:0:0/96): an IPv6 container network needs global or unique local addresses, "
          + "such as fd00:88::/64",
      "::/64 | ::/64 holds the unspecified and loopback addresses: an IPv6 container network needs global or unique local addresses, "
          + "such as fd00:88::/64"
  })
  void refusesASubnetNoContainerNetworkCanUse(String subnet, String message) {
    assertThatThrownBy(() -> BridgeIpv6.requireUsable(Ipv6Subnet.parse(subnet))).isInstanceOf(ModelException.class).hasMessage(message);
  }

  @Test
  void takesA64ToA127() {
    assertThat(BridgeIpv6.requireUsable(SUBNET6)).isEqualTo(SUBNET6);
    Ipv6Subnet p2p = Ipv6Subnet.parse("2001:db8::/127");
    assertThat(new BridgeIpv6(p2p, ip6("2001:db8::1"), MASQUERADE).subnet()).isEqualTo(p2p);
  }

  @Test
  void refusesAGatewayOutsideTheSubnet() {
    assertThatThrownBy(() -> new BridgeIpv6(SUBNET6, ip6("fd00:89::1"), MASQUERADE)).isInstanceOf(ModelException.class)
        .hasMessage("gateway fd00:89::1 is outside subnet fd00:88::/64");
  }

  @Test
  void refusesTheSubnetRouterAnycastAndTheReservedAnycastAddressesAsGateway() {
    assertThatThrownBy(() -> new BridgeIpv6(SUBNET6, ip6("fd00:88::"), MASQUERADE))
        .hasMessage("gateway fd00:88:: is the subnet-router anycast address of fd00:88::/64");
    assertThatThrownBy(() -> new BridgeIpv6(SUBNET6, ip6("fd00:88::fdff:ffff:ffff:ff80"), MASQUERADE))
        .hasMessage("gateway fd00:88::fdff:ffff:ffff:ff80 is a reserved subnet anycast address of fd00:88::/64 (RFC 2526)");
  }

  @Test
  void snatToRefusesASpecialUseAddress() {
    assertThat(new Ipv6SourceNat.SnatTo(ip6("2001:db8::10"))).hasToString("snat to 2001:db8::10");
    assertThatThrownBy(() -> new Ipv6SourceNat.SnatTo(ip6("fe80::1"))).isInstanceOf(ModelException.class)
        .hasMessage("fe80::1 is link-local (fe80::/10): source NAT needs an address the outside can answer");
    assertThat(new Ipv6SourceNat.Masquerade()).hasToString("masquerade");
    assertThat(new Ipv6SourceNat.Disabled()).hasToString("no source NAT");
  }
}
