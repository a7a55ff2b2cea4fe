package io.netagent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.ProbeLink;
import io.netagent.kernel.ProbePacket;
import io.netagent.kernel.ProbePlace;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The probes a declared state calls for, built from the model alone. */
class ProbesTest {
  static final String CONFIG = """
      networks:
        - { name: front, bridge: nbr0, subnet: 10.88.0.0/24, gateway: 10.88.0.1 }
        - { name: back, bridge: nbr1, subnet: 10.89.0.0/24, gateway: 10.89.0.1, snatTo: 192.0.2.10 }
        - { name: six, bridge: nbr6, subnet6: "fd00:6::/64" }
      containers:
        - name: web
          network: front
          namespace: web
          ip: 10.88.0.2
          ports:
            - { host: 8080, container: 80 }
            - { host: 5353, container: 53, protocol: udp, hostIp: 127.0.0.1 }
            - { host: 9090, container: 90, hostIp: 192.0.2.10 }
        - { name: db, network: back, namespace: db, ip: 10.89.0.2 }
        - { name: v6, network: six, namespace: v6, ip6: "fd00:6::2", ports: [ { host: 8443, container: 443 } ] }
      """;
  static final ProbeLink LINK = new ProbeLink(Ipv4Subnet.parse("198.18.7.0/30"), Optional.of(Ipv6Subnet.parse("2001:2:0:7::/64")));

  static DesiredState state(String yaml) {
    return ConfigLoader.parse("probe.yaml", yaml, false).state();
  }

  @Test
  void eachContainerItsGatewayEachPortFromWhereItIsPublishedAndEachNetworkItsSourceNat() {
    List<String> probes = Probes.of(state(CONFIG)).stream().map(Probe::toString).toList();

    assertThat(probes).containsExactly(
        "gateway web → gateway 10.88.0.1",
        "host web tcp 8080 → 10.88.0.2:80",
        "loopback web tcp 8080 → 10.88.0.2:80",
        "outside web tcp 8080 → 10.88.0.2:80",
        "hairpin web tcp 8080 → 10.88.0.2:80",
        "loopback web udp 127.0.0.1:5353 → 10.88.0.2:53",
        "host web tcp 192.0.2.10:9090 → 10.88.0.2:90",
        "outside web tcp 192.0.2.10:9090 → 10.88.0.2:90",
        "hairpin web tcp 192.0.2.10:9090 → 10.88.0.2:90",
        "masquerade front: web → outside, as the host's address",
        "gateway db → gateway 10.89.0.1",
        "masquerade back: db → outside, as 192.0.2.10",
        "gateway v6 → gateway fd00:6::1",
        "host v6 tcp 8443 → [fd00:6::2]:443",
        "outside v6 tcp 8443 → [fd00:6::2]:443",
        "hairpin v6 tcp 8443 → [fd00:6::2]:443",
        "masquerade six: v6 → outside over IPv6, as the host's address");
  }

  @Test
  void packetsGoFromWhereTheProbeSaysToTheAddressTheMappingIsReachedByAndAreWatchedForInsideTheContainer() {
    List<Probe> probes = Probes.of(state(CONFIG));
    ProbePlace web = new ProbePlace.At(new NamespaceRef.Named("web"), InterfaceName.of("eth0"));
    Ipv4Address container = Ipv4Address.parse("10.88.0.2");

    assertThat(probes.get(0).packet(LINK)).isEqualTo(new ProbePacket(web, Protocol.UDP, Ipv4Address.parse("10.88.0.1"), Probes.DISCARD,
        new ProbePlace.At(NamespaceRef.HOST, InterfaceName.of("nbr0")), Ipv4Address.parse("10.88.0.1"), Probes.DISCARD));
    assertThat(probes.get(1).packet(LINK).to()).as("host: the probe link's host address").isEqualTo(LINK.host());
    assertThat(probes.get(2).packet(LINK).to()).as("loopback").isEqualTo(Ipv4Address.parse("127.0.0.1"));
    ProbePacket outside = probes.get(3).packet(LINK);
    assertThat(outside.from()).isEqualTo(ProbePlace.OUTSIDE);
    assertThat(outside.to()).isEqualTo(LINK.host());
    assertThat(outside.at()).isEqualTo(web);
    assertThat(outside.arrivesTo()).isEqualTo(container);
    assertThat(outside.arrivesPort()).isEqualTo(80);
    assertThat(outside.port()).isEqualTo(8080);
    assertThat(probes.get(4).packet(LINK).from()).as("hairpin leaves the container").isEqualTo(web);
    assertThat(probes.get(4).packet(LINK).to()).as("hairpin, published on every address: through the gateway").isEqualTo(Ipv4Address.parse("10.88.0.1"));
    assertThat(probes.get(7).packet(LINK).to()).as("outside, bound to a host address").isEqualTo(Ipv4Address.parse("192.0.2.10"));
    ProbePacket masquerade = probes.get(9).packet(LINK);
    assertThat(masquerade.at()).isEqualTo(ProbePlace.OUTSIDE);
    assertThat(masquerade.arrivesTo()).isEqualTo(LINK.outside());
    assertThat(probes.get(9).expectedSource(LINK)).contains(LINK.host());
    assertThat(probes.get(11).expectedSource(LINK)).contains(Ipv4Address.parse("192.0.2.10"));
  }

  @Test
  void ipv6ProbesGoToTheProbeLinksIpv6AddressesAndHaveNoLoopback() {
    List<Probe> probes = Probes.of(state(CONFIG));
    Ipv6Address linkHost = LINK.host6().orElseThrow();

    assertThat(probes.get(13).packet(LINK).to()).as("host, over IPv6").isEqualTo(linkHost);
    assertThat(probes.get(14).packet(LINK).to()).as("outside, over IPv6").isEqualTo(linkHost);
    assertThat(probes.get(14).packet(LINK).arrivesTo()).isEqualTo(Ipv6Address.parse("fd00:6::2"));
    assertThat(probes.get(15).packet(LINK).to()).as("hairpin through the gateway").isEqualTo(Ipv6Address.parse("fd00:6::1"));
    assertThat(probes.get(16).packet(LINK).arrivesTo()).isEqualTo(LINK.outside6().orElseThrow());
    assertThat(probes.get(16).expectedSource(LINK)).contains(linkHost);
  }

  @Test
  void aRoutedNetworkKeepsTheContainersAddress() {
    List<Probe> probes = Probes.of(state("""
        networks:
          - { name: routed, bridge: nbr0, subnet: 10.88.0.0/24, gateway: 10.88.0.1, masquerade: false }
        containers:
          - { name: web, network: routed, namespace: web, ip: 10.88.0.2 }
        """));

    assertThat(probes.get(1).kind()).isEqualTo(ProbeKind.MASQUERADE);
    assertThat(probes.get(1).expectedSource(LINK)).contains(Ipv4Address.parse("10.88.0.2"));
  }

  @Test
  void nothingDeclaredNothingToProbe() {
    assertThat(Probes.of(DesiredState.EMPTY)).isEmpty();
  }
}
