package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

  private static Network network(String name, String bridge, String subnet, String gateway) {
    return new Network(name, Bridge.of(InterfaceName.of(bridge), MacAddress.parse("02:42:00:00:00:01"), Ipv4Address.parse(gateway),
        Ipv4Subnet.parse(subnet), 1500, new SourceNat.Masquerade()));
  }

  private static Container container(String name, String network, NamespaceRef namespace, String ip, int id) {
    InterfaceName host = InterfaceName.of("veth-" + name);
    InterfaceName eth0 = InterfaceName.of("eth0");
    MacAddress mac = MacAddress.fromId(id);
    return new Container(name, network, new VethPair(
        new VethEndpoint(host, eth0, mac, Optional.empty(), 1500, true, NamespaceRef.HOST),
        new VethEndpoint(eth0, host, mac.withLowestBitFlipped(), Optional.of(Ipv4Cidr.parse(ip)), 1500, true, namespace)),
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
}
