package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

  private static Network network(String name, String bridge, String subnet, String gateway) {
    return new Network(name, Bridge.of(InterfaceName.of(bridge), MacAddress.parse("02:42:00:00:00:01"),
        Optional.of(new BridgeIpv4(Ipv4Subnet.parse(subnet), Ipv4Address.parse(gateway))), Optional.empty(), 1500, new SourceNat.Masquerade()));
  }

  private static Container container(String name, String network, NamespaceRef namespace, String ip, int id) {
    InterfaceName host = InterfaceName.of("veth-" + name);
    InterfaceName eth0 = InterfaceName.of("eth0");
    MacAddress mac = MacAddress.fromId(id);
    return new Container(name, network, new VethPair(
        new VethEndpoint(host, eth0, mac, Optional.empty(), Optional.empty(), 1500, true, NamespaceRef.HOST),
        new VethEndpoint(eth0, host, mac.withLowestBitFlipped(), Optional.of(Ipv4Cidr.parse(ip)), Optional.empty(), 1500, true, namespace)),
        false, List.of());
  }

  @Test
  void emptyDeclaresNothing() {
    assertThat(DesiredState.EMPTY.networks()).isEmpty();
    assertThat(DesiredState.EMPTY.containers()).isEmpty();
    assertThat(DesiredState.EMPTY.namespaces()).isEmpty();
  }

  @Test
  void findsANetworkByName() {
    Network a = network("a", "br-a", "10.1.0.0/16", "10.1.0.1");
    DesiredState state = new DesiredState(List.of(a), List.of());

    assertThat(state.network("a")).contains(a);
    assertThat(state.network("b")).isEmpty();
  }

  @Test
  void containersOnANetworkKeepDeclarationOrder() {
    Container z = container("z", "a", new NamespaceRef.Named("z"), "10.1.0.3/16", 2);
    Container y = container("y", "b", new NamespaceRef.Named("y"), "10.2.0.2/16", 4);
    Container x = container("x", "a", new NamespaceRef.Named("x"), "10.1.0.2/16", 6);
    DesiredState state = new DesiredState(List.of(network("a", "br-a", "10.1.0.0/16", "10.1.0.1"),
        network("b", "br-b", "10.2.0.0/16", "10.2.0.1")), List.of(z, y, x));

    assertThat(state.containersOn("a")).containsExactly(z, x);
    assertThat(state.containersOn("b")).containsExactly(y);
    assertThat(state.containersOn("c")).isEmpty();
  }

  @Test
  void namespacesAreSortedAndDistinct() {
    DesiredState state = new DesiredState(List.of(network("a", "br-a", "10.1.0.0/16", "10.1.0.1")), List.of(
        container("p", "a", new NamespaceRef.AtPath("/proc/1/ns/net"), "10.1.0.4/16", 2),
        container("w", "a", new NamespaceRef.Named("web"), "10.1.0.2/16", 4),
        container("d", "a", new NamespaceRef.Named("db"), "10.1.0.3/16", 6)));

    assertThat(state.namespaces()).containsExactly(
        new NamespaceRef.Named("db"), new NamespaceRef.Named("web"), new NamespaceRef.AtPath("/proc/1/ns/net"));
  }

  @Test
  void networkNameMustBeValid() {
    Bridge bridge = network("a", "br-a", "10.1.0.0/16", "10.1.0.1").bridge();

    assertThatThrownBy(() -> new Network("bad name", bridge))
        .isInstanceOf(ModelException.class)
        .hasMessage("network name \"bad name\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }

  @Test
  void aContainerGetsAnAddressOfEachFamilyOfItsNetworkAndNoOther() {
    DesiredState state = new DesiredState(List.of(DualStack.network("dual", Optional.of(DualStack.IPV4), Optional.of(DualStack.IPV6)),
        DualStack.network("v6", Optional.empty(), Optional.of(DualStack.IPV6))), List.of());
    List<PublishedPort> ports = List.of(new PublishedPort(8080, 80, Protocol.TCP, Optional.empty()));

    DesiredState next = state.withContainer(DualStack.container("web", "dual", Optional.of("10.88.0.2"), Optional.of("fd00:88::2"), ports))
        .withContainer(DualStack.container("six", "v6", Optional.empty(), Optional.of("fd00:88::3"), List.of()));

    assertThat(next.network("dual").orElseThrow().bridge().nat().mappings()).extracting(PortMapping::toString)
        .containsExactly("tcp 8080 → 10.88.0.2:80");
    assertThat(next.network("v6").orElseThrow().bridge().attached()).containsExactly(InterfaceName.of("veth-six"));
    assertThatThrownBy(() -> state.withContainer(DualStack.container("web", "dual", Optional.of("10.88.0.2"), Optional.empty(), List.of())))
        .isInstanceOf(ModelException.class)
        .hasMessage("container web needs an address of each family network dual has, and no other");
    assertThatThrownBy(() -> state.withContainer(DualStack.container("six", "v6", Optional.of("10.88.0.3"), Optional.of("fd00:88::3"), List.of())))
        .hasMessage("container six needs an address of each family network v6 has, and no other");
  }

  @Test
  void anAllocationRangeLiesInsideTheSubnetOfItsFamily() {
    Bridge dual = DualStack.network("dual", Optional.of(DualStack.IPV4), Optional.of(DualStack.IPV6)).bridge();
    Bridge v4 = DualStack.network("v4", Optional.of(DualStack.IPV4), Optional.empty()).bridge();
    Optional<Ipv6Subnet> upper = Optional.of(Ipv6Subnet.parse("fd00:88::8000:0/97"));

    assertThat(new Network("dual", dual, Optional.empty(), upper, true).allocate6()).isEqualTo(upper);
    assertThatThrownBy(() -> new Network("dual", dual, Optional.empty(), Optional.of(Ipv6Subnet.parse("fd00:89::/80")), true))
        .isInstanceOf(ModelException.class)
        .hasMessage("allocation range fd00:89::/80 is not inside subnet fd00:88::/64");
    assertThatThrownBy(() -> new Network("v4", v4, Optional.empty(), upper, true))
        .hasMessage("allocation range fd00:88::8000:0/97 needs an IPv6 subnet");
  }

  @Test
  void networksWithTheSameFamiliesAndRangesHaveTheSameDefinition() {
    Network a = DualStack.network("dual", Optional.of(DualStack.IPV4), Optional.of(DualStack.IPV6));
    BridgeIpv6 snat = new BridgeIpv6(DualStack.SUBNET6, DualStack.ip6("fd00:88::1"), new Ipv6SourceNat.SnatTo(DualStack.ip6("2001:db8::10")));

    assertThat(a.sameDefinition(DualStack.network("dual", Optional.of(DualStack.IPV4), Optional.of(DualStack.IPV6)))).isTrue();
    assertThat(a.sameDefinition(DualStack.network("dual", Optional.of(DualStack.IPV4), Optional.empty()))).isFalse();
    assertThat(a.sameDefinition(DualStack.network("dual", Optional.of(DualStack.IPV4), Optional.of(snat)))).isFalse();
    assertThat(a.sameDefinition(new Network("dual", a.bridge(), Optional.empty(), Optional.of(Ipv6Subnet.parse("fd00:88::/80")), true)))
        .isFalse();
  }
}
