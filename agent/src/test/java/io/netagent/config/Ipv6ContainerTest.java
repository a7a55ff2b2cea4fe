package io.netagent.config;

import static io.netagent.config.ConfigTesting.container;
import static io.netagent.config.ConfigTesting.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.PublishedPort;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A container's ip6, allocated or named, and its published ports over each family of its network. */
class Ipv6ContainerTest {
  private static final String NETWORKS = """
      networks:
        - name: dual
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
          subnet6: "fd00:88::/64"
        - name: six
          bridge: nbr6
          subnet6: "fd00:6::/64"
        - name: four
          bridge: nbr4
          subnet: 10.4.0.0/16
          gateway: 10.4.0.1
      containers:
      """;

  private static Ipv6Address ip6(String text) {
    return Ipv6Address.parse(text);
  }

  @Test
  void aContainerOnADualStackNetworkGetsBothFamilies() {
    Container web = container(load(NETWORKS + """
          - { name: web, network: dual, ip: 10.88.0.2, ip6: "fd00:88::2" }
        """), "web");

    assertThat(web.ipv4()).contains(Ipv4Cidr.parse("10.88.0.2/16"));
    assertThat(web.ipv6()).contains(new Ipv6Cidr(ip6("fd00:88::2"), 64));
    assertThat(web.veth().host().address6()).as("the host end carries no address").isEmpty();
  }

  @Test
  void anIp6NamedNowhereIsTheLowestFreeInFileOrderPastEveryIp6TheFileNames() {
    DesiredState state = load(NETWORKS + """
          - { name: a, network: dual, ip: 10.88.0.2 }
          - { name: b, network: dual, ip: 10.88.0.3, ip6: "fd00:88::3" }
          - { name: c, network: dual, ip: 10.88.0.4 }
          - { name: d, network: six }
          - { name: e, network: dual, ip: 10.88.0.5, ip6: "fd00:88::2" }
        """);

    assertThat(container(state, "a").ipv6()).contains(new Ipv6Cidr(ip6("fd00:88::4"), 64));
    assertThat(container(state, "c").ipv6()).contains(new Ipv6Cidr(ip6("fd00:88::5"), 64));
    assertThat(container(state, "d").ipv6()).as("each network its own").contains(new Ipv6Cidr(ip6("fd00:6::2"), 64));
    assertThat(load(NETWORKS + """
          - { name: a, network: dual, ip: 10.88.0.2 }
          - { name: b, network: dual, ip: 10.88.0.3, ip6: "fd00:88::3" }
          - { name: c, network: dual, ip: 10.88.0.4 }
          - { name: d, network: six }
          - { name: e, network: dual, ip: 10.88.0.5, ip6: "fd00:88::2" }
        """)).as("the same file, the same addresses").isEqualTo(state);
  }

  @Test
  void theIp6OfTheFileComesFromAllocate6() {
    Container web = container(load("""
        networks:
          - { name: dual, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1, subnet6: "fd00:88::/64", allocate6: "fd00:88::1:0/112" }
        containers:
          - { name: web, network: dual, ip: 10.88.0.2 }
        """), "web");

    assertThat(web.ipv6()).contains(new Ipv6Cidr(ip6("fd00:88::1:0"), 64));
  }

  @Test
  void aContainerOnAnIpv6OnlyNetworkHasNoIpv4() {
    Container web = container(load(NETWORKS + """
          - { name: web, network: six, ip6: "fd00:6::10", ports: [ { host: 8080, container: 80 } ] }
        """), "web");

    assertThat(web.ipv4()).isEmpty();
    assertThat(web.ipv6()).contains(new Ipv6Cidr(ip6("fd00:6::10"), 64));
    assertThat(web.ports()).isEmpty();
    assertThat(web.ports6()).containsExactly(new Ipv6PortMapping(8080, 80, Protocol.TCP, ip6("fd00:6::10"), Optional.empty()));
  }

  @Test
  void aPortIsForwardedOverEachFamilyUnlessItsHostIpNamesOne() {
    Container web = container(load(NETWORKS + """
          - name: web
            network: dual
            ip: 10.88.0.2
            ip6: "fd00:88::2"
            ports:
              - { host: 8080, container: 80 }
              - { host: 8443, container: 443, hostIp: "2001:db8::1" }
              - { host: 9000, container: 9000, hostIp: 127.0.0.1 }
              - { host: 9090, container: 90, hostIp: 0.0.0.0 }
              - { host: 9191, container: 91, hostIp: "::" }
        """), "web");

    assertThat(web.ports()).extracting(PortMapping::toString)
        .containsExactly("tcp 8080 → 10.88.0.2:80", "tcp 127.0.0.1:9000 → 10.88.0.2:9000", "tcp 9090 → 10.88.0.2:90");
    assertThat(web.ports6()).extracting(Ipv6PortMapping::toString)
        .containsExactly("tcp 8080 → [fd00:88::2]:80", "tcp [2001:db8::1]:8443 → [fd00:88::2]:443", "tcp 9191 → [fd00:88::2]:91");
    assertThat(web.published().get(3).hostIp()).as("0.0.0.0 on a dual-stack network: IPv4 only").contains(IpAddress.parse("0.0.0.0"));
  }

  @Test
  void onANetworkOfOneFamilyItsWildcardIsNoHostIpAtAll() {
    DesiredState state = load(NETWORKS + """
          - { name: v4, network: four, ip: 10.4.0.2, ports: [ { host: 8080, container: 80, hostIp: 0.0.0.0 } ] }
          - { name: v6, network: six, ports: [ { host: 8081, container: 80, hostIp: "::" } ] }
        """);

    assertThat(container(state, "v4").published()).containsExactly(new PublishedPort(8080, 80, Protocol.TCP, Optional.empty()));
    assertThat(container(state, "v6").published()).containsExactly(new PublishedPort(8081, 80, Protocol.TCP, Optional.empty()));
  }
}
