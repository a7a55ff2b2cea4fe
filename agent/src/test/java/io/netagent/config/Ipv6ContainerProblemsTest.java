package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.problem;

import org.junit.jupiter.api.Test;

/** Every problem of a container's ip6, of an address of a family its network lacks, and of an IPv6 hostIp, with its message and place. */
class Ipv6ContainerProblemsTest {
  /** A dual-stack network (lines 2–7) and an IPv6-only one (8–10); containers start at line 12. */
  private static final String NETWORKS = """
      networks:
        - name: dual
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
          subnet6: "fd00:88::/64"
          gateway6: "fd00:88::1"
        - name: six
          bridge: nbr6
          subnet6: "fd00:6::/64"
      containers:
      """;

  /** Container web on {@code network} with the ip6 value {@code ip6} at line 15, column 10. */
  private static String web(String network, String ip6) {
    return NETWORKS + """
          - name: web
            network: %s
            ip: 10.88.0.2
            ip6: %s
        """.formatted(network, ip6);
  }

  @Test
  void ip6OutsideSubnet6() {
    assertProblems(web("dual", "\"fd00:89::2\""), problem(15, 10, "containers[0].ip6", "fd00:89::2 is outside subnet6 fd00:88::/64 of network dual"));
  }

  @Test
  void ip6OnTheGateway6() {
    assertProblems(web("dual", "\"fd00:88::1\""), problem(15, 10, "containers[0].ip6", "fd00:88::1 is the gateway6 of network dual"));
  }

  @Test
  void ip6OnTheSubnetRouterAnycastAddress() {
    assertProblems(web("dual", "\"fd00:88::\""),
        problem(15, 10, "containers[0].ip6", "fd00:88:: is the subnet-router anycast address of fd00:88::/64"));
  }

  @Test
  void ip6OnAReservedSubnetAnycastAddress() {
    assertProblems(web("dual", "\"fd00:88::fdff:ffff:ffff:ff80\""), problem(15, 10, "containers[0].ip6",
        "fd00:88::fdff:ffff:ffff:ff80 is a reserved subnet anycast address of fd00:88::/64 (RFC 2526)"));
  }

  @Test
  void ip6OfASpecialKind() {
    String tail = ": a container's ip6 is an address of subnet6 fd00:88::/64 of network dual";
    assertProblems(web("dual", "\"fe80::2\""), problem(15, 10, "containers[0].ip6", "fe80::2 is link-local (fe80::/10)" + tail));
    assertProblems(web("dual", "\"ff02::2\""), problem(15, 10, "containers[0].ip6", "ff02::2 is multicast (ff00::/8)" + tail));
    assertProblems(web("dual", "\"::1\""), problem(15, 10, "containers[0].ip6", "::1 is the loopback address" + tail));
    assertProblems(web("dual", "\"::ffff:10.88.0.2\""),
        problem(15, 10, "containers[0].ip6", "::ffff:10.88.0.2 is IPv4-mapped (::ffff:0:0/96)" + tail));
  }

  @Test
  void ip6ThatIsAnIpv4Address() {
    assertProblems(web("dual", "10.88.0.3"), problem(15, 10, "containers[0].ip6",
        "\"10.88.0.3\" is not an IPv6 address (expected hex groups separated by colons, such as fd00::1)"));
  }

  @Test
  void twoContainersWithOneIp6() {
    assertProblems(NETWORKS + """
          - { name: web, network: dual, ip: 10.88.0.2, ip6: "fd00:88::2" }
          - { name: db, network: dual, ip: 10.88.0.3, ip6: "fd00:88:0:0::2" }
        """,
        problem(13, 52, "containers[1].ip6", "address fd00:88::2 of container db is already used by container web (line 12)"));
  }

  @Test
  void ip6OnANetworkWithoutSubnet6() {
    assertProblems("""
        networks:
          - { name: four, bridge: nbr4, subnet: 10.4.0.0/16, gateway: 10.4.0.1 }
        containers:
          - { name: web, network: four, ip: 10.4.0.2, ip6: "fd00:4::2" }
        """,
        problem(4, 52, "containers[0].ip6", "ip6 fd00:4::2 is an IPv6 address, but network four has no \"subnet6\" (it is IPv4-only)"));
  }

  @Test
  void ipOnAnIpv6OnlyNetwork() {
    assertProblems(NETWORKS + """
          - { name: web, network: six, ip: 10.88.0.2 }
        """,
        problem(12, 36, "containers[0].ip", "ip 10.88.0.2 is an IPv4 address, but network six has no \"subnet\" (it is IPv6-only)"));
  }

  @Test
  void noIp6LeftToAllocate() {
    assertProblems("""
        networks:
          - { name: p2p, bridge: nbr0, subnet6: "fd00::/127" }
        containers:
          - { name: a, network: p2p }
          - { name: b, network: p2p }
        """,
        problem(5, 13, "containers[1].name", "no free IPv6 address left in fd00::/127 of network p2p for container b: name an ip6"));
  }

  @Test
  void hostIpOfAFamilyTheNetworkLacks() {
    assertProblems("""
        networks:
          - { name: four, bridge: nbr4, subnet: 10.4.0.0/16, gateway: 10.4.0.1 }
          - { name: six, bridge: nbr6, subnet6: "fd00:6::/64" }
        containers:
          - name: web
            network: four
            ip: 10.4.0.2
            ports:
              - { host: 8080, container: 80, hostIp: "2001:db8::1" }
          - name: db
            network: six
            ports:
              - { host: 8081, container: 80, hostIp: 192.0.2.1 }
              - { host: 8082, container: 80, hostIp: 0.0.0.0 }
        """,
        problem(9, 46, "containers[0].ports[0].hostIp",
            "hostIp 2001:db8::1 is an IPv6 address, but network four has no \"subnet6\" (it is IPv4-only)"),
        problem(13, 46, "containers[1].ports[0].hostIp",
            "hostIp 192.0.2.1 is an IPv4 address, but network six has no \"subnet\" (it is IPv6-only)"),
        problem(14, 46, "containers[1].ports[1].hostIp",
            "hostIp 0.0.0.0 is an IPv4 address, but network six has no \"subnet\" (it is IPv6-only)"));
  }

  /** Container web on the dual-stack network publishing port 8080 on {@code hostIp} (line 17, column 46). */
  private static String published(String hostIp) {
    return NETWORKS + """
          - name: web
            network: dual
            ip: 10.88.0.2
            ip6: "fd00:88::2"
            ports:
              - { host: 8080, container: 80, hostIp: %s }
        """.formatted(hostIp);
  }

  @Test
  void hostIpOnTheIpv6Loopback() {
    assertProblems(published("\"::1\""), problem(17, 46, "containers[0].ports[0].hostIp", "::1 is the loopback address: connections to it "
        + "cannot be forwarded to a container, which must drop packets from ::1 (RFC 4291 §2.5.3; IPv6 has no route_localnet): "
        + "publish on a host address, or on all"));
  }

  @Test
  void hostIpOfAnotherSpecialKind() {
    String tail = ": a port is published on a unicast host address of global or unique local scope, or on all";
    assertProblems(published("\"fe80::1\""), problem(17, 46, "containers[0].ports[0].hostIp", "fe80::1 is link-local (fe80::/10)" + tail));
    assertProblems(published("\"ff02::1\""), problem(17, 46, "containers[0].ports[0].hostIp", "ff02::1 is multicast (ff00::/8)" + tail));
    assertProblems(published("\"::ffff:192.0.2.1\""), problem(17, 46, "containers[0].ports[0].hostIp",
        "::ffff:192.0.2.1 is IPv4-mapped (::ffff:0:0/96): write the IPv4 address 192.0.2.1"));
  }

  @Test
  void anMtuBelowWhatIpv6NeedsOnANetworkWithSubnet6() {
    assertProblems(web("dual", "\"fd00:88::2\"") + "    mtu: 1279\n", problem(16, 10, "containers[0].mtu",
        "MTU 1279 is below 1280, the least IPv6 needs (RFC 8200): a container on network \"dual\", which has \"subnet6\", needs an mtu of 1280 or more"));
  }
}
