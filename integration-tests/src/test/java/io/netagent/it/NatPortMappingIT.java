package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static io.netagent.it.NatTraffic.REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Published ports with real traffic: a TCP and a UDP server in containers are reached through
 * their host ports from an outside namespace (over the uplink), from the host itself (on its
 * uplink address and on 127.0.0.1) and from the container itself (hairpin); a port bound to
 * one host address answers only there; a host listener on a published port loses its
 * connections (with a plan warning); route_localnet on the bridge does not open the host's
 * loopback services to containers.
 */
@ExtendWith(LabExtension.class)
class NatPortMappingIT {
  private Lab lab;
  private Agent agent;
  private String outside;
  private String c1;
  private String c2;
  private Path config;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
    c1 = lab.ns("c1");
    c2 = lab.ns("c2");
    config = lab.config(NatConfig.yaml(lab, "10.211.0", "",
        NatConfig.container(lab, "c1", "10.211.0.11", "ports:",
            "  - { host: 8080, container: 80 }",
            "  - { host: 8081, container: 80, hostIp: 127.0.0.1 }",
            "  - { host: 8082, container: 80, protocol: tcp, hostIp: 192.0.2.1 }",
            "  - { host: 8083, container: 81 }",
            "  - { host: 8084, container: 80, hostIp: 127.0.0.2 }"),
        NatConfig.container(lab, "c2", "10.211.0.12", "ports:", "  - { host: 5353, container: 53, protocol: udp }")));
    agent.ok("apply", "-c", config.toString());
    NatTraffic.tcpServer(lab, c1, 80, "echo c1");
    NatTraffic.tcpServer(lab, c1, 81, "echo $SOCAT_PEERADDR");
    NatTraffic.udpServer(lab, c2, 53, "read x; echo c2");
  }

  @Test
  void aTcpPortIsReachedFromOutsideFromTheHostAndOnLoopback() {
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).as("outside → 192.0.2.1:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, HOST_IP, 8080)).as("host → 192.0.2.1:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 8080)).as("host → 127.0.0.1:8080").isEqualTo(REPLY + "c1");
  }

  @Test
  void theContainerSeesTheOutsideClientsOwnAddress() {
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8083)).as("the source c1 sees for outside → 192.0.2.1:8083").isEqualTo(REPLY + NatTraffic.OUTSIDE_IP);
  }

  /** DNAT comes before local delivery: a host process on the same port loses those connections, and the plan says so. */
  @Test
  void aPublishedPortTakesTheConnectionsOfAHostListenerAndThePlanWarns() {
    Process listener = lab.spawn(lab.host, "socat", "TCP-LISTEN:8080,fork,reuseaddr", "SYSTEM:echo host");
    NatTraffic.awaitBound(lab, lab.host, "-ltn", 8080, listener);
    assertThat(agent.plan(config).path("warnings").toString()).as("plan warnings")
        .contains("host port 8080/tcp is published to container c1, but a host process listens on");
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).as("outside → 192.0.2.1:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, HOST_IP, 8080)).as("host → 192.0.2.1:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 8080)).as("host → 127.0.0.1:8080").isEqualTo(REPLY + "c1");
  }

  @Test
  void aUdpPortIsReachedFromOutsideFromTheHostAndOnLoopback() {
    assertThat(NatTraffic.udp(lab, outside, HOST_IP, 5353)).as("outside → 192.0.2.1:5353/udp").isEqualTo(REPLY + "c2");
    assertThat(NatTraffic.udp(lab, lab.host, HOST_IP, 5353)).as("host → 192.0.2.1:5353/udp").isEqualTo(REPLY + "c2");
    assertThat(NatTraffic.udp(lab, lab.host, "127.0.0.1", 5353)).as("host → 127.0.0.1:5353/udp").isEqualTo(REPLY + "c2");
  }

  @Test
  void aContainerReachesItsOwnPublishedPortThroughTheHostAddress() {
    assertThat(NatTraffic.tcp(lab, c1, HOST_IP, 8080)).as("c1 → 192.0.2.1:8080 (hairpin, tcp)").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.udp(lab, c2, HOST_IP, 5353)).as("c2 → 192.0.2.1:5353 (hairpin, udp)").isEqualTo(REPLY + "c2");
    assertThat(NatTraffic.tcp(lab, c2, HOST_IP, 8080)).as("c2 → 192.0.2.1:8080 (another container of the bridge)").isEqualTo(REPLY + "c1");
  }

  /**
   * A port published on 127.0.0.1 needs route_localnet on the bridge, which would let a container
   * reach the host's loopback services; the guard chain drops such packets. The container is made
   * to send to 127.0.0.1 through its gateway, and a counter ahead of the guard shows the packets
   * did reach the host.
   */
  @Test
  void aContainerCannotReachTheHostsLoopbackServices() {
    String bridge = "b" + lab.id;
    assertThat(lab.ok(lab.host, "sysctl", "-n", "net.ipv4.conf." + bridge + ".route_localnet").strip()).as("route_localnet on the bridge").isEqualTo("1");
    Process secret = lab.spawn(lab.host, "socat", "TCP-LISTEN:9999,bind=127.0.0.1,fork,reuseaddr", "SYSTEM:echo host-loopback");
    NatTraffic.awaitBound(lab, lab.host, "-ltn", 9999, secret);
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 9999)).as("the host's own loopback service").isEqualTo(REPLY + "host-loopback");
    lab.ok(lab.host, "nft", "add table ip probe; add chain ip probe c { type filter hook prerouting priority -300; policy accept; };"
        + " add rule ip probe c iifname \"" + bridge + "\" ip daddr 127.0.0.1 tcp dport 9999 counter");

    Sh.run("ip", "-n", c1, "route", "del", "local", "127.0.0.0/8", "dev", "lo", "table", "local");
    Sh.run("ip", "-n", c1, "route", "del", "local", "127.0.0.1", "dev", "lo", "table", "local");
    Sh.ok("ip", "-n", c1, "route", "add", "127.0.0.1/32", "via", "10.211.0.1", "dev", "eth0");
    lab.ok(c1, "sysctl", "-qw", "net.ipv4.conf.all.route_localnet=1", "net.ipv4.conf.eth0.route_localnet=1");
    assertThat(lab.ok(c1, "ip", "route", "get", "127.0.0.1")).as("c1's route to 127.0.0.1").contains("via 10.211.0.1 dev eth0");

    assertThat(NatTraffic.tcp(lab, c1, "127.0.0.1", 9999)).as("c1 → the host's 127.0.0.1:9999").startsWith("error ").doesNotContain("host-loopback");
    assertThat(lab.nft(lab.host, "list", "table", "ip", "probe").toString()).as("packets from c1 to 127.0.0.1 reached the host")
        .containsPattern("\"packets\":[1-9]");
  }

  @Test
  void aPortBoundToOneHostAddressAnswersOnlyThere() {
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 8081)).as("host → 127.0.0.1:8081").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, HOST_IP, 8081)).as("host → 192.0.2.1:8081 (bound to 127.0.0.1)").startsWith("error ")
        .doesNotContain("c1");
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8081)).as("outside → 192.0.2.1:8081 (bound to 127.0.0.1)").startsWith("error ")
        .doesNotContain("c1");

    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8082)).as("outside → 192.0.2.1:8082").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, HOST_IP, 8082)).as("host → 192.0.2.1:8082").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 8082)).as("host → 127.0.0.1:8082 (bound to 192.0.2.1)").startsWith("error ")
        .doesNotContain("c1");

    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.2", 8084)).as("host → 127.0.0.2:8084").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, "127.0.0.1", 8084)).as("host → 127.0.0.1:8084 (bound to 127.0.0.2)").startsWith("error ")
        .doesNotContain("c1");
  }
}
