package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.Protocol;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.NatRuleset.NatNetwork6;
import io.netagent.operations.Reason;
import io.netagent.operations.ReplaceNatTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NAT66 with real traffic (docs/kernel-facts.md §11E E6, §11F, §11G): the lab of
 * docs/ipv6-lab.sh built with {@code ip} (a bridge with gateway6, proxy_ndp and the permanent and
 * proxy neighbour entries of each container, an uplink to an "outside" namespace), and netagent's
 * ip6 table applied through the real kernel adapter. Servers answer with the address they see the
 * connection come from.
 */
@ExtendWith(LabExtension.class)
class Nat66TrafficIT {
  private static final String GATEWAY6 = "fd00:77::1";
  private static final String C1_IP = "fd00:77::11";
  private static final String C2_IP = "fd00:77::12";
  /** The host's addresses on the uplink: the first is the masquerade source, the second the SNAT one and a bound port's. */
  private static final String UPLINK_IP = "2001:db8:1::1";
  private static final String SECOND_IP = "2001:db8:2::1";
  private static final String OUTSIDE_IP = "2001:db8:1::2";
  private static final long BOUND_MS = TimeUnit.SECONDS.toMillis(60);
  private static final Pattern FROM = Pattern.compile("reply (\\S+) from \\[?([0-9a-fA-F:.]+)]?");

  private Lab lab;
  private Path stateDir;
  private String bridge;
  private String outside;
  private String c1;
  private String c2;

  @BeforeEach
  void setUp() throws IOException {
    stateDir = Files.createTempDirectory("netagent-" + lab.id + "-state");
    bridge = lab.id + "b";
    lab.ok(lab.host, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
    Sh.ok("ip", "-n", lab.host, "link", "add", bridge, "address", "02:42:0a:4d:00:01", "type", "bridge", "stp_state", "0", "forward_delay", "0");
    Sh.ok("ip", "-n", lab.host, "addr", "add", GATEWAY6 + "/64", "dev", bridge, "nodad");
    Sh.ok("ip", "-n", lab.host, "link", "set", bridge, "up");
    // §11C: the bridge answers neighbour solicitations for the containers' addresses, at once.
    lab.ok(lab.host, "sysctl", "-qw", "net.ipv6.conf." + bridge + ".proxy_ndp=1", "net.ipv6.neigh." + bridge + ".proxy_delay=0");
    c1 = container(1, C1_IP);
    c2 = container(2, C2_IP);
    outside = lab.addNs("o");
    String uplink = "u" + lab.id;
    Sh.ok("ip", "-n", lab.host, "link", "add", uplink, "type", "veth", "peer", "name", "eth0", "netns", outside);
    Sh.ok("ip", "-n", lab.host, "addr", "add", UPLINK_IP + "/64", "dev", uplink, "nodad");
    Sh.ok("ip", "-n", lab.host, "addr", "add", SECOND_IP + "/64", "dev", uplink, "nodad");
    Sh.ok("ip", "-n", lab.host, "link", "set", uplink, "up");
    Sh.ok("ip", "-n", outside, "addr", "add", OUTSIDE_IP + "/64", "dev", "eth0", "nodad");
    Sh.ok("ip", "-n", outside, "link", "set", "eth0", "up");
    Sh.ok("ip", "-n", outside, "-6", "route", "add", "default", "via", UPLINK_IP);
    awaitPing(c1, GATEWAY6);
    awaitPing(c2, GATEWAY6);
    awaitPing(outside, UPLINK_IP);
  }

  @AfterEach
  void tearDown() {
    Sh.run("rm", "-rf", stateDir.toString());
  }

  /** Container {@code n}: its namespace, a veth on the bridge wired as netagent wires a port (§8, §11C), and a default route via gateway6. */
  private String container(int n, String ip6) {
    String ns = lab.addNs("c" + n);
    String port = lab.id + "v" + n;
    String mac = "02:42:0a:4d:00:1" + n;
    Sh.ok("ip", "-n", lab.host, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns, "address", mac);
    Sh.ok("ip", "-n", lab.host, "link", "set", port, "master", bridge, "up");
    Sh.ok("ip", "-n", lab.host, "link", "set", port, "type", "bridge_slave", "proxy_arp", "on", "hairpin", "on");
    Sh.ok("bridge", "-n", lab.host, "fdb", "replace", mac, "dev", port, "master", "static");
    Sh.ok("ip", "-n", lab.host, "-6", "neigh", "replace", ip6, "lladdr", mac, "dev", bridge, "nud", "permanent");
    Sh.ok("ip", "-n", lab.host, "-6", "neigh", "replace", "proxy", ip6, "dev", bridge);
    lab.ok(ns, "sysctl", "-qw", "net.ipv6.conf.eth0.accept_ra=0");
    Sh.ok("ip", "-n", ns, "addr", "add", ip6 + "/64", "dev", "eth0", "nodad");
    Sh.ok("ip", "-n", ns, "link", "set", "eth0", "up");
    Sh.ok("ip", "-n", ns, "-6", "route", "add", "default", "via", GATEWAY6, "dev", "eth0");
    return ns;
  }

  private void awaitPing(String ns, String ip) {
    long deadline = System.currentTimeMillis() + BOUND_MS;
    while (lab.in(ns, "ping", "-6", "-c", "1", "-W", "1", ip).code() != 0) {
      assertThat(System.currentTimeMillis()).as("%s answers ping from %s within %d ms", ip, ns, BOUND_MS).isLessThan(deadline);
      NatTraffic.sleep(100);
    }
  }

  /** The lab's network, IPv6 only, with {@code nat} and these ports. */
  private NatRuleset ruleset(Ipv6SourceNat nat, List<Ipv6PortMapping> mappings) {
    return new NatRuleset(List.of(), List.of(), List.of(new NatNetwork6(InterfaceName.of(bridge), Ipv6Subnet.parse("fd00:77::/64"), nat, true)),
        mappings);
  }

  private static Ipv6PortMapping map(int host, int container, Protocol protocol, String containerIp, String hostIp) {
    return new Ipv6PortMapping(host, container, protocol, Ipv6Address.parse(containerIp), Optional.ofNullable(hostIp).map(Ipv6Address::parse));
  }

  private NetlinkKernel open() {
    return NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host));
  }

  private void apply(NatRuleset ruleset) {
    try (NetlinkKernel kernel = open()) {
      kernel.apply(new ReplaceNatTable(ruleset, List.of(), List.of(), Reason.MISSING));
    }
  }

  /** A TCP server on {@code [::]:port} in {@code ns} answering {@code NAME from PEER}. */
  private void tcpServer(String ns, int port, String name) {
    NatTraffic.tcpServer6(lab, ns, port, "echo " + name + " from $SOCAT_PEERADDR");
  }

  /** A UDP server on {@code [::]:port} in {@code ns}, answering each datagram {@code X} with {@code NAME from PEER X}. */
  private void udpServer(String ns, int port, String name) {
    NatTraffic.udpServer6(lab, ns, port, "read x; echo " + name + " from $SOCAT_PEERADDR $x");
  }

  /** Who answered and the source it saw, as {@code NAME from ADDRESS} with the address in RFC 5952 form; or the client's error. */
  private static String seen(String reply) {
    Matcher m = FROM.matcher(reply);
    return m.lookingAt() ? m.group(1) + " from " + Ipv6Address.parse(m.group(2)) : reply;
  }

  private String tcp(String ns, String ip, int port) {
    return seen(NatTraffic.tcp(lab, ns, ip, port));
  }

  private String udp(String ns, String ip, int port) {
    return seen(NatTraffic.udp(lab, ns, ip, port));
  }

  @Test
  void aPublishedPortIsReachedFromOutsideFromTheHostAndFromTheContainerItselfAndOnlyWhereItIsBound() {
    tcpServer(c1, 80, "c1");
    udpServer(c1, 53, "c1");
    tcpServer(c1, 81, "c1-bound");
    apply(ruleset(new Ipv6SourceNat.Masquerade(), List.of(map(8080, 80, Protocol.TCP, C1_IP, null), map(5353, 53, Protocol.UDP, C1_IP, null),
        map(8081, 81, Protocol.TCP, C1_IP, SECOND_IP))));

    assertThat(tcp(outside, UPLINK_IP, 8080)).as("outside → [uplink]:8080/tcp: the container sees the client").isEqualTo("c1 from " + OUTSIDE_IP);
    assertThat(udp(outside, UPLINK_IP, 5353)).as("outside → [uplink]:5353/udp").isEqualTo("c1 from " + OUTSIDE_IP);
    assertThat(tcp(outside, SECOND_IP, 8081)).as("outside → the address the port is bound to").isEqualTo("c1-bound from " + OUTSIDE_IP);
    assertThat(tcp(outside, UPLINK_IP, 8081)).as("outside → another address of the host: not published there").contains("Connection refused");
    assertThat(tcp(lab.host, UPLINK_IP, 8080)).as("the host → [uplink]:8080/tcp (output chain)").isEqualTo("c1 from " + UPLINK_IP);
    assertThat(udp(lab.host, UPLINK_IP, 5353)).as("the host → [uplink]:5353/udp (output chain)").isEqualTo("c1 from " + UPLINK_IP);
    assertThat(tcp(lab.host, GATEWAY6, 8080)).as("the host → [gateway6]:8080/tcp").isEqualTo("c1 from " + GATEWAY6);
    assertThat(tcp(c1, UPLINK_IP, 8080)).as("the container → its own published port (hairpin): it sees gateway6").isEqualTo("c1 from " + GATEWAY6);
    assertThat(udp(c1, UPLINK_IP, 5353)).as("hairpin over UDP").isEqualTo("c1 from " + GATEWAY6);
    assertThat(tcp(c2, UPLINK_IP, 8080)).as("another container of the network").isEqualTo("c1 from " + GATEWAY6);
    // §11F: ::1 is never DNATed, so a client trying [::1]:8080 first is refused at once (nothing listens) instead of hanging.
    assertThat(tcp(lab.host, "::1", 8080)).as("the host → [::1]:8080").contains("Connection refused");
  }

  @Test
  void containersReachTheOutsideMasqueradedOrSnated() {
    tcpServer(outside, 9000, "outside");
    apply(ruleset(new Ipv6SourceNat.Masquerade(), List.of()));
    assertThat(tcp(c1, OUTSIDE_IP, 9000)).as("masquerade: the uplink's address").isEqualTo("outside from " + UPLINK_IP);

    apply(ruleset(new Ipv6SourceNat.SnatTo(Ipv6Address.parse(SECOND_IP)), List.of()));
    assertThat(tcp(c1, OUTSIDE_IP, 9000)).as("snat to the second address").isEqualTo("outside from " + SECOND_IP);

    apply(ruleset(new Ipv6SourceNat.Disabled(), List.of()));
    Sh.ok("ip", "-n", outside, "-6", "route", "add", "fd00:77::/64", "via", UPLINK_IP);
    assertThat(tcp(c1, OUTSIDE_IP, 9000)).as("no source NAT: routed, the container's own address").isEqualTo("outside from " + C1_IP);
  }

  /**
   * §11G: when host port 5353/udp moves from c1 to c2, the adapter deletes the IPv6 flow's
   * conntrack entry, so the next datagrams of the same flow (same source port, every 100 ms,
   * which would keep the old entry alive forever) reach c2.
   */
  @Test
  void aUdpFlowFollowsItsMappingToAnotherContainerAtOnce() {
    udpServer(c1, 53, "c1");
    udpServer(c2, 53, "c2");
    Ipv6PortMapping toC1 = map(5353, 53, Protocol.UDP, C1_IP, null);
    NatRuleset before = ruleset(new Ipv6SourceNat.Masquerade(), List.of(toC1));
    NatRuleset after = ruleset(new Ipv6SourceNat.Masquerade(), List.of(map(5353, 53, Protocol.UDP, C2_IP, null)));
    apply(before);

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", UPLINK_IP, "5353", "40000", "100")) {
      flow.awaitLines(l -> l.contains(" reply c1 "), 10, "10 replies from c1");
      assertThat(lab.ok(lab.host, "conntrack", "-L", "-f", "ipv6", "-p", "udp", "--orig-port-src", "40000"))
          .as("the flow's conntrack entry").contains("src=" + C1_IP);

      try (NetlinkKernel kernel = open()) {
        kernel.apply(new ReplaceNatTable(after, List.of(), List.of(), List.of(toC1), Optional.of(before), Reason.MISSING));
      }
      int atChange = flow.lines.size();
      flow.awaitLines(l -> true, atChange + 11, "10 more datagrams after the change");
      flow.stop();

      List<String> afterChange = flow.lines.subList(atChange + 1, atChange + 11);
      assertThat(afterChange).as("datagrams of the same flow sent after the change (one may have been under way)")
          .allSatisfy(l -> assertThat(l).contains(" reply c2 "));
      assertThat(lab.ok(lab.host, "conntrack", "-L", "-f", "ipv6", "-p", "udp", "--orig-port-src", "40000"))
          .as("the flow's conntrack entry now").contains("src=" + C2_IP).doesNotContain("src=" + C1_IP);
    }
  }
}
