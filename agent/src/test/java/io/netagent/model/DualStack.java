package io.netagent.model;

import java.util.List;
import java.util.Optional;

/** The networks and containers of both families the model tests share. */
final class DualStack {
  static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.88.0.0/16");
  static final Ipv6Subnet SUBNET6 = Ipv6Subnet.parse("fd00:88::/64");
  static final BridgeIpv4 IPV4 = new BridgeIpv4(SUBNET, Ipv4Address.parse("10.88.0.1"));
  static final BridgeIpv6 IPV6 = new BridgeIpv6(SUBNET6, Ipv6Address.parse("fd00:88::1"), new Ipv6SourceNat.Masquerade());

  private DualStack() {}

  static Ipv6Address ip6(String text) {
    return Ipv6Address.parse(text);
  }

  /** Network {@code name} on bridge {@code br-NAME} with the given families, isolated, allocating from its whole subnets. */
  static Network network(String name, Optional<BridgeIpv4> ipv4, Optional<BridgeIpv6> ipv6) {
    SourceNat nat = ipv4.isPresent() ? new SourceNat.Masquerade() : new SourceNat.Disabled();
    return new Network(name, Bridge.of(InterfaceName.of("br-" + name), MacAddress.parse("02:42:00:00:00:01"), ipv4, ipv6, 1500, nat));
  }

  /** Container {@code name} in namespace {@code name}, with the addresses given (each with its subnet's prefix length) and ports. */
  static Container container(String name, String network, Optional<String> ip, Optional<String> ip6, List<PublishedPort> ports) {
    InterfaceName host = InterfaceName.of("veth-" + name);
    InterfaceName eth0 = InterfaceName.of("eth0");
    MacAddress mac = MacAddress.fromId(StableId.of(network, name));
    Optional<Ipv4Cidr> cidr = ip.map(a -> new Ipv4Cidr(Ipv4Address.parse(a), SUBNET.prefixLength()));
    Optional<Ipv6Cidr> cidr6 = ip6.map(a -> new Ipv6Cidr(ip6(a), SUBNET6.prefixLength()));
    return new Container(name, network, new VethPair(
        new VethEndpoint(host, eth0, mac, Optional.empty(), Optional.empty(), 1500, true, NamespaceRef.HOST),
        new VethEndpoint(eth0, host, mac.withLowestBitFlipped(), cidr, cidr6, 1500, true, new NamespaceRef.Named(name))), false, ports);
  }
}
