package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerTest {
  private static final InterfaceName VETH_WEB = InterfaceName.of("veth-web");
  private static final InterfaceName ETH0 = InterfaceName.of("eth0");

  private static VethPair veth(NamespaceRef namespace, Optional<Ipv4Cidr> address) {
    return new VethPair(
        new VethEndpoint(VETH_WEB, ETH0, MacAddress.parse("02:42:0a:58:00:03"), Optional.empty(), 1500, true, NamespaceRef.HOST),
        new VethEndpoint(ETH0, VETH_WEB, MacAddress.parse("02:42:0a:58:00:02"), address, 1500, true, namespace));
  }

  private static VethPair veth(NamespaceRef namespace) {
    return veth(namespace, Optional.of(Ipv4Cidr.parse("10.88.0.2/16")));
  }

  @Test
  void exposesNamespaceAddressAndIpOfTheContainerEnd() {
    Container container = new Container("web", "default", veth(new NamespaceRef.Named("web")), true, List.of());

    assertThat(container.namespace()).isEqualTo(new NamespaceRef.Named("web"));
    assertThat(container.cidr()).isEqualTo(Ipv4Cidr.parse("10.88.0.2/16"));
    assertThat(container.ip()).isEqualTo(Ipv4Address.parse("10.88.0.2"));
  }

  @Test
  void createNamespaceWithAPathIsRefused() {
    VethPair veth = veth(new NamespaceRef.AtPath("/proc/1/ns/net"));

    assertThatThrownBy(() -> new Container("web", "default", veth, true, List.of()))
        .isInstanceOf(ModelException.class)
        .hasMessage("createNamespace needs a namespace name under /run/netns, not a path");
  }

  @Test
  void aPathIsFineWithoutCreateNamespace() {
    Container container = new Container("web", "default", veth(new NamespaceRef.AtPath("/proc/1/ns/net")), false, List.of());

    assertThat(container.namespace()).isEqualTo(new NamespaceRef.AtPath("/proc/1/ns/net"));
  }

  @Test
  void containerEndWithoutAnAddressIsRefused() {
    VethPair veth = veth(new NamespaceRef.Named("web"), Optional.empty());

    assertThatThrownBy(() -> new Container("web", "default", veth, false, List.of()))
        .isInstanceOf(ModelException.class)
        .hasMessage("container web has no address");
  }

  @Test
  void invalidNameIsRefused() {
    VethPair veth = veth(new NamespaceRef.Named("web"));

    assertThatThrownBy(() -> new Container("-web", "default", veth, false, List.of()))
        .isInstanceOf(ModelException.class)
        .hasMessage("container name \"-web\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }

  @Test
  void portsAreCopied() {
    List<PortMapping> ports = new ArrayList<>();
    ports.add(new PortMapping(8080, 80, Protocol.TCP, Ipv4Address.parse("10.88.0.2"), Optional.empty()));
    Container container = new Container("web", "default", veth(new NamespaceRef.Named("web")), false, ports);

    ports.clear();

    assertThat(container.ports()).hasSize(1);
  }
}
