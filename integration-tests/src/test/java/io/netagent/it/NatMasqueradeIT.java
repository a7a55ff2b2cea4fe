package io.netagent.it;

import static io.netagent.it.NatTraffic.OUTSIDE_IP;
import static io.netagent.it.NatTraffic.REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Source NAT with real traffic: a container connects to a server in the outside namespace, which
 * answers with the address it sees the connection come from.
 */
@ExtendWith(LabExtension.class)
class NatMasqueradeIT {
  private Lab lab;
  private Agent agent;
  private String outside;
  private String c1;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
    c1 = lab.ns("c1");
    NatTraffic.tcpServer(lab, outside, 7000, "echo $SOCAT_PEERADDR");
  }

  private void apply(String sourceNat) {
    agent.ok("apply", "-c", lab.config(NatConfig.yaml(lab, "10.212.0", sourceNat, """
          - { name: c1, network: lab, namespace: %s, createNamespace: true, hostInterface: v%s1, ip: 10.212.0.11 }
        """.formatted(c1, lab.id))).toString());
  }

  @Test
  void masqueradeGivesTheAddressOfTheUplink() {
    apply("");
    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("source seen by the outside server").isEqualTo(REPLY + "192.0.2.1");
  }

  @Test
  void snatToGivesTheConfiguredAddress() {
    Sh.ok("ip", "-n", lab.host, "addr", "add", "192.0.2.9/24", "dev", NatTraffic.uplink(lab.id));
    apply(", snatTo: 192.0.2.9");
    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("source seen by the outside server").isEqualTo(REPLY + "192.0.2.9");
  }

  /** A routed network still publishes ports: from outside (the container sees the client), from the host on 127.0.0.1, and hairpin. */
  @Test
  void aNetworkWithoutSourceNatStillPublishesPorts() {
    Sh.ok("ip", "-n", outside, "route", "add", "10.212.0.0/24", "via", NatTraffic.HOST_IP);
    agent.ok("apply", "-c", lab.config(NatConfig.yaml(lab, "10.212.0", ", masquerade: false", NatConfig.container(lab, "c1", "10.212.0.11",
        "ports: [ { host: 8080, container: 80 }, { host: 5353, container: 53, protocol: udp } ]"))).toString());
    NatTraffic.tcpServer(lab, c1, 80, "echo c1 $SOCAT_PEERADDR");
    NatTraffic.udpServer(lab, c1, 53, "read x; echo c1");

    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("c1 → outside, not NATed").isEqualTo(REPLY + "10.212.0.11");
    assertThat(NatTraffic.tcp(lab, outside, NatTraffic.HOST_IP, 8080)).as("outside → 192.0.2.1:8080").isEqualTo(REPLY + "c1 " + OUTSIDE_IP);
    assertThat(NatTraffic.udp(lab, outside, NatTraffic.HOST_IP, 5353)).as("outside → 192.0.2.1:5353/udp").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 8080)).as("host → 127.0.0.1:8080").startsWith(REPLY + "c1 ");
    assertThat(NatTraffic.udp(lab, lab.host, "127.0.0.1", 5353)).as("host → 127.0.0.1:5353/udp").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, c1, NatTraffic.HOST_IP, 8080)).as("c1 → 192.0.2.1:8080 (hairpin)").startsWith(REPLY + "c1 ");
  }

  /** Two networks: a container of one reaches a port published by a container of the other through the host address. */
  @Test
  void aContainerOfAnotherNetworkReachesAPublishedPort() {
    agent.ok("apply", "-c", lab.config("""
        networks:
          - { name: one, bridge: b%1$s, subnet: 10.212.0.0/24, gateway: 10.212.0.1 }
          - { name: two, bridge: d%1$s, subnet: 10.217.0.0/24, gateway: 10.217.0.1, snatTo: 192.0.2.1 }
        containers:
          - { name: c1, network: one, namespace: %2$s, createNamespace: true, hostInterface: v%1$s1, ip: 10.212.0.11 }
          - name: c2
            network: two
            namespace: %3$s
            createNamespace: true
            hostInterface: v%1$s2
            ip: 10.217.0.12
            ports: [ { host: 8080, container: 80 } ]
        """.formatted(lab.id, c1, lab.ns("c2"))).toString());
    NatTraffic.tcpServer(lab, lab.ns("c2"), 80, "echo c2");

    assertThat(NatTraffic.tcp(lab, c1, NatTraffic.HOST_IP, 8080)).as("c1 (network one) → 192.0.2.1:8080 → c2 (network two)").isEqualTo(REPLY + "c2");
    assertThat(NatTraffic.tcp(lab, outside, NatTraffic.HOST_IP, 8080)).as("outside → 192.0.2.1:8080").isEqualTo(REPLY + "c2");
    assertThat(NatTraffic.tcp(lab, lab.ns("c2"), OUTSIDE_IP, 7000)).as("c2 → outside, snat to 192.0.2.1").isEqualTo(REPLY + "192.0.2.1");
    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("c1 → outside, masquerade").isEqualTo(REPLY + "192.0.2.1");
  }

  @Test
  void switchingFromMasqueradeToSnatToAndOffChangesTheSourceOfNewConnections() {
    Sh.ok("ip", "-n", lab.host, "addr", "add", "192.0.2.9/24", "dev", NatTraffic.uplink(lab.id));
    Sh.ok("ip", "-n", outside, "route", "add", "10.212.0.0/24", "via", NatTraffic.HOST_IP);
    apply("");
    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("masquerade").isEqualTo(REPLY + "192.0.2.1");
    apply(", snatTo: 192.0.2.9");
    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("snatTo 192.0.2.9").isEqualTo(REPLY + "192.0.2.9");
    apply(", masquerade: false");
    assertThat(NatTraffic.tcp(lab, c1, OUTSIDE_IP, 7000)).as("no source NAT: the container's own address").isEqualTo(REPLY + "10.212.0.11");
  }
}
