package io.netagent.model;

import static io.netagent.model.DualStack.IPV4;
import static io.netagent.model.DualStack.IPV6;
import static io.netagent.model.DualStack.ip6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpAllocatorTest {
  private static final Network DUAL = DualStack.network("dual", Optional.of(IPV4), Optional.of(IPV6));

  @Test
  void ipv4TakesTheLowestFreeAddressPastTheNetworkAddressAndTheGateway() {
    assertThat(IpAllocator.allocate(DUAL, Set.of(Ipv4Address.parse("10.88.0.2")))).contains(Ipv4Address.parse("10.88.0.3"));
  }

  @Test
  void ipv6TakesTheLowestFreeAddressPastTheSubnetRouterAnycastAndTheGateway() {
    assertThat(IpAllocator.allocate6(DUAL, Set.of())).contains(ip6("fd00:88::2"));
    assertThat(IpAllocator.allocate6(DUAL, Set.of(ip6("fd00:88::2"), ip6("fd00:88::4")))).contains(ip6("fd00:88::3"));
  }

  @Test
  void ipv6SkipsAGatewayAnywhereInTheRange() {
    BridgeIpv6 high = new BridgeIpv6(DualStack.SUBNET6, ip6("fd00:88::2"), new Ipv6SourceNat.Masquerade());

    assertThat(IpAllocator.allocate6(high, high.subnet(), Set.of())).contains(ip6("fd00:88::1"));
    assertThat(IpAllocator.allocate6(high, high.subnet(), Set.of(ip6("fd00:88::1")))).contains(ip6("fd00:88::3"));
  }

  @Test
  void ipv6AllocatesFromTheRangeOfTheNetwork() {
    Network ranged = new Network("dual", DUAL.bridge(), Optional.empty(), Optional.of(Ipv6Subnet.parse("fd00:88::1:0/112")), true);

    assertThat(IpAllocator.allocate6(ranged, Set.of(ip6("fd00:88::1:0")))).contains(ip6("fd00:88::1:1"));
  }

  @Test
  void ipv6NeverTakesTheReservedSubnetAnycastAddresses() {
    Ipv6Subnet top = Ipv6Subnet.parse("fd00:88:0:0:fdff:ffff:ffff:ff00/120");

    assertThat(IpAllocator.allocate6(IPV6, top, Set.of())).contains(ip6("fd00:88::fdff:ffff:ffff:ff00"));
    Set<Ipv6Address> lowerHalf = new HashSet<>();
    for (int i = 0; i < 128; i++) {
      lowerHalf.add(top.network().plus(i));
    }
    assertThat(IpAllocator.allocate6(IPV6, top, lowerHalf)).as("the upper 128 are RFC 2526's").isEmpty();
  }

  @Test
  void ipv6InASlash127HasOneAddressBesideTheGateway() {
    BridgeIpv6 p2p = new BridgeIpv6(Ipv6Subnet.parse("2001:db8::/127"), ip6("2001:db8::1"), new Ipv6SourceNat.Masquerade());

    assertThat(IpAllocator.allocate6(p2p, p2p.subnet(), Set.of())).as("RFC 6164: no subnet-router anycast").contains(ip6("2001:db8::"));
    assertThat(IpAllocator.allocate6(p2p, p2p.subnet(), Set.of(ip6("2001:db8::")))).isEmpty();
  }

  @Test
  void ipv6LooksOnlyAtWhatIsTaken() {
    Set<Ipv6Address> taken = new HashSet<>();
    for (int i = 2; i < 100_002; i++) {
      taken.add(IPV6.subnet().network().plus(i));
    }

    assertThat(IpAllocator.allocate6(DUAL, taken)).contains(IPV6.subnet().network().plus(100_002));
  }

  @Test
  void aNetworkWithoutTheFamilyHasNothingToAllocate() {
    Network v6 = DualStack.network("v6", Optional.empty(), Optional.of(IPV6));
    Network v4 = DualStack.network("v4", Optional.of(IPV4), Optional.empty());

    assertThatThrownBy(() -> IpAllocator.allocate(v6, Set.of())).isInstanceOf(ModelException.class)
        .hasMessage("network v6 has no IPv4 subnet to allocate from");
    assertThatThrownBy(() -> IpAllocator.allocate6(v4, Set.of())).hasMessage("network v4 has no IPv6 subnet to allocate from");
    assertThat(List.of(v4, v6)).allMatch(n -> n.allocate6().isEmpty());
  }
}
