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
        new VethEndpoint(VETH_WEB, ETH0, MacAddress.parse("02:42:0a:58:00:03"), Optional.empty(), Optional.empty(), 1500, true, NamespaceRef.HOST),
        new VethEndpoint(ETH0, VETH_WEB, MacAddress.parse("02:42:0a:58:00:02"), address, Optional.empty(), 1500, true, namespace));
  }

  private static VethPair veth(NamespaceRef namespace) {
    return veth(namespace, Optional.of(Ipv4Cidr.parse("10.88.0.2/16")));
  }

  @Test
  void exposesNamespaceAddressAndIpOfTheContainerEnd() {
    Container container = new Container("web", "default", veth(new NamespaceRef.Named("web")), true, List.of());

    assertThat(container.namespace()).isEqualTo(new NamespaceRef.Named("web"));
    assertThat(container.ipv4()).contains(Ipv4Cidr.parse("10.88.0.2/16"));
    assertThat(container.ipv4().map(Ipv4Cidr::address)).contains(Ipv4Address.parse("10.88.0.2"));
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
    List<PublishedPort> ports = new ArrayList<>();
    ports.add(new PublishedPort(8080, 80, Protocol.TCP, Optional.empty()));
    Container container = new Container("web", "default", veth(new NamespaceRef.Named("web")), false, ports);

    ports.clear();

    assertThat(container.ports()).hasSize(1);
  }

  @Test
  void aDualStackContainerForwardsEachPortOverBothFamiliesUnlessItsHostIpSaysOne() {
    List<PublishedPort> ports = List.of(new PublishedPort(8080, 80, Protocol.TCP, Optional.empty()),
        new PublishedPort(8443, 443, Protocol.TCP, Optional.of(IpAddress.parse("2001:db8::1"))),
        new PublishedPort(5353, 53, Protocol.UDP, Optional.of(IpAddress.parse("0.0.0.0"))));
    Container web = DualStack.container("web", "default", Optional.of("10.88.0.2"), Optional.of("fd00:88::2"), ports);

    assertThat(web.ipv4()).contains(Ipv4Cidr.parse("10.88.0.2/16"));
    assertThat(web.ipv6()).contains(new Ipv6Cidr(Ipv6Address.parse("fd00:88::2"), 64));
    assertThat(web.ports()).extracting(PortMapping::toString).containsExactly("tcp 8080 → 10.88.0.2:80", "udp 5353 → 10.88.0.2:53");
    assertThat(web.ports6()).extracting(Ipv6PortMapping::toString)
        .containsExactly("tcp 8080 → [fd00:88::2]:80", "tcp [2001:db8::1]:8443 → [fd00:88::2]:443");
    assertThat(web.published()).isEqualTo(ports);
  }

  @Test
  void anIpv6OnlyContainerForwardsOverIpv6Only() {
    Container web = DualStack.container("web", "v6", Optional.empty(), Optional.of("fd00:88::2"),
        List.of(new PublishedPort(8080, 80, Protocol.TCP, Optional.empty())));

    assertThat(web.ipv4()).isEmpty();
    assertThat(web.ports()).isEmpty();
    assertThat(web.ports6()).extracting(Ipv6PortMapping::toString).containsExactly("tcp 8080 → [fd00:88::2]:80");
  }

  @Test
  void aPortBoundToAFamilyTheContainerLacksIsRefused() {
    List<PublishedPort> ports = List.of(new PublishedPort(8080, 80, Protocol.TCP, Optional.of(IpAddress.parse("2001:db8::1"))));

    assertThatThrownBy(() -> DualStack.container("web", "default", Optional.of("10.88.0.2"), Optional.empty(), ports))
        .isInstanceOf(ModelException.class)
        .hasMessage("port tcp [2001:db8::1]:8080 → 80 of container web is bound to 2001:db8::1, but the container has no address of that family");
  }
}
