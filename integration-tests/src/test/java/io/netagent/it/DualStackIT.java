package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static io.netagent.it.NatTraffic.REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dual stack end to end, with real traffic (issue 15): a dual-stack network "lab" (c1, c2) and an
 * IPv6-only network "six" (c3) applied by {@code netagent apply}. Containers ping each other and
 * their gateway over IPv6 the moment apply returns (no duplicate address detection to wait for);
 * TCP and UDP servers are reached over IPv6 through published ports from outside, from the host
 * and from the container itself; the outside sees the masqueraded or SNATed source; a port is
 * never DNATed from ::1; the two networks are isolated over IPv6 too; drift of every IPv6 object
 * is repaired by apply and by the daemon; down leaves nothing.
 */
@ExtendWith(LabExtension.class)
class DualStackIT {
  /** The host's IPv6 address on the uplink, and the outside namespace's. */
  static final String HOST6 = "2001:db8:2::1";
  static final String OUTSIDE6 = "2001:db8:2::2";
  /** Network six's SNAT address: not on the uplink's subnet, so the outside routes it to the host. */
  static final String SNAT6 = "2001:db8:3::1";
  private static final String GATEWAY6 = "fd00:214::1";
  private static final String C1 = "fd00:214::11";
  private static final String C2 = "fd00:214::12";
  private static final String C3 = "fd00:215::13";

  private Lab lab;
  private Agent agent;
  private String outside;
  private Path config;
  private DaemonProcess daemon;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
    uplink6(lab, outside);
    config = lab.config(config(lab));
    agent.ok("apply", "-c", config.toString());
  }

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.kill();
    }
  }

  /** Gives the lab's uplink its IPv6: {@link #HOST6}/64 on the host, {@link #OUTSIDE6}/64 outside with a default route via the host. */
  static void uplink6(Lab lab, String outside) {
    Sh.ok("ip", "-n", lab.host, "addr", "add", HOST6 + "/64", "dev", NatTraffic.uplink(lab.id), "nodad");
    Sh.ok("ip", "-n", outside, "addr", "add", OUTSIDE6 + "/64", "dev", "eth0", "nodad");
    Sh.ok("ip", "-n", outside, "-6", "route", "add", "default", "via", HOST6);
  }

  static String config(Lab lab) {
    return """
        networks:
          - { name: lab, bridge: b%1$s, subnet: 10.214.0.0/24, gateway: 10.214.0.1, subnet6: "fd00:214::/64" }
          - { name: six, bridge: s%1$s, subnet6: "fd00:215::/64", snatTo6: "%2$s" }
        containers:
        """.formatted(lab.id, SNAT6)
        + NatConfig.container(lab, "c1", "10.214.0.11", "ip6: \"" + C1 + "\"", "ports:",
            "  - { host: 8080, container: 80 }",
            "  - { host: 5353, container: 53, protocol: udp }",
            "  - { host: 8082, container: 80, hostIp: \"" + HOST6 + "\" }",
            "  - { host: 8083, container: 81 }")
        + NatConfig.container(lab, "c2", "10.214.0.12", "ip6: \"" + C2 + "\"")
        + """
          - name: c3
            network: six
            namespace: %1$s
            createNamespace: true
            hostInterface: v%2$s3
            ip6: "%3$s"
            ports:
              - { host: 9090, container: 80 }
        """.formatted(lab.ns("c3"), lab.id, C3);
  }

  private boolean pings(String from, String address) {
    return lab.in(lab.ns(from), "ping", "-6", "-c", "1", "-W", "5", address).code() == 0;
  }

  /** Servers on both families in c1 (the IPv4 clients check a dual-stack port over IPv4 too) and c3. */
  private void servers() {
    NatTraffic.tcpServer6(lab, lab.ns("c1"), 80, "echo c1");
    NatTraffic.tcpServer6(lab, lab.ns("c1"), 81, "echo $SOCAT_PEERADDR");
    NatTraffic.udpServer6(lab, lab.ns("c1"), 53, "read x; echo c1");
    NatTraffic.tcpServer6(lab, lab.ns("c3"), 80, "echo c3");
  }

  /** The source address a server started by {@link #peerServer} saw for one connection from {@code ns}. */
  private String seenFrom(String ns, String ip, int port) {
    String reply = NatTraffic.tcp(lab, ns, ip, port);
    return reply.startsWith(REPLY) ? NatTraffic.peer6(reply.substring(REPLY.length())) : reply;
  }

  private void peerServer(String ns, int port) {
    NatTraffic.tcpServer6(lab, ns, port, "echo $SOCAT_PEERADDR");
  }

  /** Addresses of {@code dev} in {@code ns} with their flags: {@code fd00:214::11/64 nodad}. */
  private List<String> ipv6Addresses(String ns, String dev) {
    List<String> result = new ArrayList<>();
    for (JsonNode link : lab.ip(ns, "-6", "addr", "show", "dev", dev)) {
      for (JsonNode a : link.path("addr_info")) {
        if (a.path("scope").asText().equals("global")) {
          result.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt() + (a.path("nodad").asBoolean() ? " nodad" : "")
              + (a.path("tentative").asBoolean() ? " tentative" : ""));
        }
      }
    }
    return result;
  }

  @Test
  void containersPingTheirGatewayAndEachOtherOverIpv6AsSoonAsApplyReturns() {
    // First thing after apply: a tentative address could not be a source, and the ping would fail at once.
    assertThat(pings("c1", GATEWAY6)).as("c1 pings gateway6").isTrue();
    assertThat(pings("c1", C2)).as("c1 pings c2 over IPv6").isTrue();
    assertThat(pings("c3", "fd00:215::1")).as("c3 pings its gateway on the IPv6-only network").isTrue();
    assertThat(ipv6Addresses(lab.ns("c1"), "eth0")).containsExactly(C1 + "/64 nodad");
    assertThat(ipv6Addresses(lab.host, "b" + lab.id)).containsExactly(GATEWAY6 + "/64 nodad");
    assertThat(ipv6Addresses(lab.ns("c3"), "eth0")).containsExactly(C3 + "/64 nodad");
    assertThat(lab.in(lab.ns("c1"), "ping", "-4", "-c", "1", "-W", "5", "10.214.0.12").code()).as("IPv4 still works").isZero();
    assertThat(lab.ip(lab.ns("c3"), "-4", "addr", "show", "dev", "eth0").path(0).path("addr_info")).as("no IPv4 on c3").isEmpty();
  }

  @Test
  void publishedPortsAreReachedOverIpv6FromOutsideFromTheHostAndFromTheContainerItself() {
    servers();
    assertThat(NatTraffic.tcp(lab, outside, HOST6, 8080)).as("outside → [host6]:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, HOST6, 8080)).as("host → [host6]:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, GATEWAY6, 8080)).as("host → [gateway6]:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.ns("c1"), HOST6, 8080)).as("hairpin c1 → [host6]:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.ns("c2"), HOST6, 8080)).as("c2 → [host6]:8080").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.udp(lab, outside, HOST6, 5353)).as("outside → [host6]:5353/udp").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.udp(lab, lab.host, HOST6, 5353)).as("host → [host6]:5353/udp").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.udp(lab, lab.ns("c1"), HOST6, 5353)).as("hairpin c1 → [host6]:5353/udp").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).as("the same port over IPv4").isEqualTo(REPLY + "c1");
    assertThat(seenFrom(outside, HOST6, 8083)).as("the source c1 sees for outside → [host6]:8083").isEqualTo(OUTSIDE6);
    assertThat(NatTraffic.tcp(lab, outside, HOST6, 9090)).as("outside → [host6]:9090 on the IPv6-only network").isEqualTo(REPLY + "c3");
  }

  @Test
  void aPortBoundToAHostAddressAnswersOnlyThereAndNothingIsDnatedFromLoopback() {
    servers();
    assertThat(NatTraffic.tcp(lab, outside, HOST6, 8082)).as("outside → [host6]:8082").isEqualTo(REPLY + "c1");
    assertThat(NatTraffic.tcp(lab, lab.host, GATEWAY6, 8082)).as("host → [gateway6]:8082 (bound to host6 only)").startsWith("error ");
    assertThat(NatTraffic.tcp(lab, lab.host, "::1", 8080)).as("host → [::1]:8080 is refused at once, not DNATed")
        .isEqualTo("error ConnectException: Connection refused");
  }

  @Test
  void theOutsideSeesTheMasqueradedOrSnatedSourceAndTheNetworksAreIsolatedOverIpv6() {
    peerServer(outside, 7000);
    NatTraffic.tcpServer6(lab, lab.ns("c3"), 80, "echo c3");
    assertThat(seenFrom(lab.ns("c1"), OUTSIDE6, 7000)).as("masquerade: c1 → outside").isEqualTo(HOST6);
    assertThat(seenFrom(lab.ns("c3"), OUTSIDE6, 7000)).as("snatTo6: c3 → outside").isEqualTo(SNAT6);
    assertThat(pings("c1", C3)).as("c1 → c3 across isolated networks").isFalse();
    assertThat(NatTraffic.tcp(lab, lab.ns("c1"), C3, 80)).as("c1 → [c3]:80 across isolated networks").startsWith("error ");
    assertThat(NatTraffic.tcp(lab, lab.ns("c1"), HOST6, 9090)).as("c1 → c3's published port through a host address").isEqualTo(REPLY + "c3");
  }

  @Test
  void applyRepairsEveryKindOfIpv6Drift() {
    String bridge = "b" + lab.id;
    Sh.ok("ip", "-n", lab.ns("c1"), "-6", "addr", "del", C1 + "/64", "dev", "eth0");
    Sh.ok("ip", "-n", lab.ns("c2"), "-6", "route", "del", "default");
    Sh.ok("ip", "-n", lab.host, "-6", "neigh", "del", C2, "dev", bridge);
    Sh.ok("ip", "-n", lab.host, "-6", "neigh", "del", "proxy", C1, "dev", bridge);
    lab.ok(lab.host, "nft", "flush", "chain", "ip6", "netagent", "postrouting");
    Sh.ok("ip", "-n", lab.ns("c3"), "link", "set", "eth0", "down");

    String plan = agent.ok("plan", "--kernel", "live", "-c", config.toString());
    assertThat(plan).contains("address " + C1 + "/64", "route default via " + GATEWAY6, "neighbour " + C2, "proxy " + C1, "ip6 netagent");
    agent.ok("apply", "-c", config.toString());

    assertThat(agent.plan(config).path("operations")).as("plan after the repair").isEmpty();
    assertThat(pings("c1", GATEWAY6)).as("c1 pings gateway6 again").isTrue();
    assertThat(pings("c2", "fd00:215::1")).as("c2 has its default route again (reaches the host's other gateway)").isTrue();
    assertThat(pings("c1", C2)).as("c1 pings c2 again").isTrue();
    assertThat(pings("c3", "fd00:215::1")).as("c3, set down by hand, has its address and route again").isTrue();
    peerServer(outside, 7000);
    assertThat(seenFrom(lab.ns("c1"), OUTSIDE6, 7000)).as("masquerade again").isEqualTo(HOST6);
  }

  /**
   * The daemon repairs an IPv6 address, route and neighbour entry from their notifications; a
   * proxy entry (the kernel sends no notification for one, docs/kernel-facts.md §11C) and the
   * ip6 table at its next resync at the latest.
   */
  @Test
  void theDaemonRepairsIpv6DriftFromNotificationsAndItsResync() {
    daemon = DaemonProcess.start(agent, config, "--resync", "10");
    int mark = daemon.mark();
    Sh.ok("ip", "-n", lab.ns("c2"), "-6", "addr", "del", C2 + "/64", "dev", "eth0");
    DaemonProcess.Repair repair = daemon.awaitRepair(mark);
    assertThat(repair.text()).as("the repair of c2's IPv6 address").contains(C2);
    assertThat(repair.reason()).as(daemon.log()).isEqualTo("kernel event");
    assertThat(pings("c1", C2)).as("c1 pings c2 again").isTrue();

    mark = daemon.mark();
    Sh.ok("ip", "-n", lab.ns("c1"), "-6", "route", "del", "default");
    repair = daemon.awaitRepair(mark);
    assertThat(repair.text()).as("the repair of c1's IPv6 default route").contains("route default via " + GATEWAY6);
    assertThat(repair.reason()).as(daemon.log()).isEqualTo("kernel event");

    mark = daemon.mark();
    Sh.ok("ip", "-n", lab.host, "-6", "neigh", "del", C1, "dev", "b" + lab.id);
    repair = daemon.awaitRepair(mark);
    assertThat(repair.text()).as("the repair of c1's IPv6 neighbour entry").contains("neighbour " + C1);
    assertThat(repair.reason()).as(daemon.log()).isEqualTo("kernel event");

    mark = daemon.mark();
    Sh.ok("ip", "-n", lab.host, "-6", "neigh", "del", "proxy", C2, "dev", "b" + lab.id);
    assertThat(daemon.awaitRepair(mark).text()).as("the repair of the proxy entry").contains("proxy " + C2);

    mark = daemon.mark();
    lab.ok(lab.host, "nft", "flush", "chain", "ip6", "netagent", "postrouting");
    assertThat(daemon.awaitRepair(mark).text()).as("the repair of the ip6 table").contains("ip6 netagent");
    peerServer(outside, 7000);
    assertThat(seenFrom(lab.ns("c1"), OUTSIDE6, 7000)).as("masquerade again").isEqualTo(HOST6);
  }

  @Test
  void downRemovesBothTablesAndEveryIpv6Object() {
    agent.ok("down", "-c", config.toString());
    assertThat(lab.nft(lab.host, "list", "tables").path("nftables").toString()).doesNotContain("netagent");
    assertThat(lab.ip(lab.host, "-6", "neigh", "show", "proxy")).as("proxy entries").isEmpty();
    assertThat(new Witness(lab).ownedLinks()).isEmpty();
  }
}
