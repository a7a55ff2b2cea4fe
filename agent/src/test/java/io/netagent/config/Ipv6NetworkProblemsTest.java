package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.problem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every problem of a network's IPv6 keys, and of keys of a family the network lacks, with its message and place. */
class Ipv6NetworkProblemsTest {
  private static final String USABLE = ": an IPv6 container network needs global or unique local addresses, such as fd00:88::/64";
  private static final String PREFIX = ": an IPv6 container network must be a /64 or a longer prefix, up to /127";

  /** A dual-stack network whose subnet6 line is {@code subnet6} (line 6), followed by {@code more}. */
  private static String dual(String subnet6, String more) {
    return """
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            subnet6: %s
        %s""".formatted(subnet6, more.indent(4));
  }

  @Test
  void subnet6WithHostBitsSuggestsTheSubnet() {
    assertProblems(dual("\"fd00:88::5/64\"", ""),
        problem(6, 14, "networks[0].subnet6", "fd00:88::5/64 has host bits set (did you mean fd00:88::/64?)"));
  }

  @Test
  void anMtuBelowWhatIpv6NeedsOnANetworkWithSubnet6() {
    assertProblems(dual("\"fd00:88::/64\"", "mtu: 1279"), problem(7, 10, "networks[0].mtu",
        "MTU 1279 is below 1280, the least IPv6 needs (RFC 8200): a network with \"subnet6\" needs an mtu of 1280 or more"));
  }

  @Test
  void anMtuOf1280IsEnoughForIpv6AndASmallerOneForAnIpv4OnlyNetwork() {
    assertThat(ConfigLoader.parse("test.yaml", dual("\"fd00:88::/64\"", "mtu: 1280"), false).state().networks().get(0).bridge().mtu())
        .isEqualTo(1280);
    assertThat(ConfigLoader.parse("test.yaml", """
        networks:
          - { name: default, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1, mtu: 576 }
        """, false).state().networks().get(0).bridge().mtu()).isEqualTo(576);
  }

  @Test
  void subnet6ShorterThanA64() {
    assertProblems(dual("\"fd00:88::/48\"", ""), problem(6, 14, "networks[0].subnet6", "fd00:88::/48 is a /48" + PREFIX));
  }

  @Test
  void subnet6OfASingleAddress() {
    assertProblems(dual("\"fd00:88::1/128\"", ""), problem(6, 14, "networks[0].subnet6", "fd00:88::1/128 is a /128" + PREFIX));
  }

  @Test
  void subnet6ThatIsLinkLocal() {
    assertProblems(dual("\"fe80::/64\"", ""), problem(6, 14, "networks[0].subnet6", "fe80::/64 is link-local (fe80::/10)" + USABLE));
  }

  @Test
  void subnet6ThatIsMulticast() {
    assertProblems(dual("\"ff05::/64\"", ""), problem(6, 14, "networks[0].subnet6", "ff05::/64 is multicast (ff00::/8)" + USABLE));
  }

  @Test
  void subnet6ThatIsIpv4Mapped() {
    assertProblems(dual("\"::ffff:10.88.0.0/112\"", ""),
        problem(6, 14, "networks[0].subnet6", "::ffff:10.88.0.0/112 is IPv4-mapped (::ffff:0:0/96)" + USABLE));
  }

  @Test
  void subnet6HoldingTheLoopbackAddress() {
    assertProblems(dual("\"::/64\"", ""), problem(6, 14, "networks[0].subnet6", "::/64 holds the unspecified and loopback addresses" + USABLE));
  }

  @Test
  void subnet6ThatIsAnIpv4Subnet() {
    assertProblems(dual("10.89.0.0/16", ""), problem(6, 14, "networks[0].subnet6",
        "\"10.89.0.0\" is not an IPv6 address (expected hex groups separated by colons, such as fd00::1)"));
  }

  @Test
  void gateway6OutsideSubnet6() {
    assertProblems(dual("\"fd00:88::/64\"", "gateway6: \"fd00:89::1\""),
        problem(7, 15, "networks[0].gateway6", "gateway fd00:89::1 is outside subnet fd00:88::/64"));
  }

  @Test
  void gateway6OnTheSubnetRouterAnycastAddress() {
    assertProblems(dual("\"fd00:88::/64\"", "gateway6: \"fd00:88::\""),
        problem(7, 15, "networks[0].gateway6", "gateway fd00:88:: is the subnet-router anycast address of fd00:88::/64"));
  }

  @Test
  void gateway6OnAReservedSubnetAnycastAddress() {
    assertProblems(dual("\"fd00:88::/64\"", "gateway6: \"fd00:88::fdff:ffff:ffff:fffe\""),
        problem(7, 15, "networks[0].gateway6",
            "gateway fd00:88::fdff:ffff:ffff:fffe is a reserved subnet anycast address of fd00:88::/64 (RFC 2526)"));
  }

  @Test
  void gateway6ThatIsAnIpv4Address() {
    assertProblems(dual("\"fd00:88::/64\"", "gateway6: 10.88.0.1"), problem(7, 15, "networks[0].gateway6",
        "\"10.88.0.1\" is not an IPv6 address (expected hex groups separated by colons, such as fd00::1)"));
  }

  @Test
  void masquerade6TogetherWithSnatTo6() {
    assertProblems(dual("\"fd00:88::/64\"", "masquerade6: true\nsnatTo6: \"2001:db8::10\""), problem(8, 14, "networks[0].snatTo6",
        "masquerade6 and snatTo6 exclude each other: masquerade6 uses the address of the outgoing interface, snatTo6 one fixed address"));
  }

  @Test
  void snatTo6ThatTheOutsideCannotAnswer() {
    assertProblems(dual("\"fd00:88::/64\"", "snatTo6: \"fe80::1\""), problem(7, 14, "networks[0].snatTo6",
        "fe80::1 is link-local (fe80::/10): source NAT needs an address the outside can answer"));
    assertProblems(dual("\"fd00:88::/64\"", "snatTo6: \"::1\""), problem(7, 14, "networks[0].snatTo6",
        "::1 is the loopback address: source NAT needs an address the outside can answer"));
    assertProblems(dual("\"fd00:88::/64\"", "snatTo6: \"ff02::1\""), problem(7, 14, "networks[0].snatTo6",
        "ff02::1 is multicast (ff00::/8): source NAT needs an address the outside can answer"));
    assertProblems(dual("\"fd00:88::/64\"", "snatTo6: \"::ffff:192.0.2.10\""), problem(7, 14, "networks[0].snatTo6",
        "::ffff:192.0.2.10 is IPv4-mapped (::ffff:0:0/96): source NAT needs an address the outside can answer"));
  }

  @Test
  void allocate6OutsideSubnet6() {
    assertProblems(dual("\"fd00:88::/64\"", "allocate6: \"fd00:89::/112\""),
        problem(7, 16, "networks[0].allocate6", "allocation range fd00:89::/112 is not inside subnet6 fd00:88::/64"));
  }

  @Test
  void allocate6LargerThanSubnet6() {
    assertProblems(dual("\"fd00:88::/64\"", "allocate6: \"fd00:88::/60\""),
        problem(7, 16, "networks[0].allocate6", "allocation range fd00:88::/60 is not inside subnet6 fd00:88::/64"));
  }

  @Test
  void allocate6WithHostBits() {
    assertProblems(dual("\"fd00:88::/64\"", "allocate6: \"fd00:88::1:1/112\""),
        problem(7, 16, "networks[0].allocate6", "fd00:88::1:1/112 has host bits set (did you mean fd00:88::1:0/112?)"));
  }

  @Test
  void ipv6KeysOnANetworkWithoutSubnet6() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            gateway6: "fd00:88::1"
            masquerade6: false
            snatTo6: "2001:db8::10"
            allocate6: "fd00:88::/112"
        """,
        problem(6, 15, "networks[0].gateway6", "\"gateway6\" is an IPv6 key, but the network has no \"subnet6\" (it is IPv4-only)"),
        problem(7, 18, "networks[0].masquerade6", "\"masquerade6\" is an IPv6 key, but the network has no \"subnet6\" (it is IPv4-only)"),
        problem(8, 14, "networks[0].snatTo6", "\"snatTo6\" is an IPv6 key, but the network has no \"subnet6\" (it is IPv4-only)"),
        problem(9, 16, "networks[0].allocate6", "\"allocate6\" is an IPv6 key, but the network has no \"subnet6\" (it is IPv4-only)"));
  }

  @Test
  void ipv4KeysOnAnIpv6OnlyNetwork() {
    assertProblems("""
        networks:
          - name: six
            bridge: nbr6
            subnet6: "fd00:6::/64"
            gateway: 10.88.0.1
            masquerade: true
            snatTo: 192.0.2.10
            allocate: 10.88.0.0/24
            arpProxy:
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32" }
        """,
        problem(5, 14, "networks[0].gateway", "\"gateway\" is an IPv4 key, but the network has no \"subnet\" (it is IPv6-only)"),
        problem(6, 17, "networks[0].masquerade", "\"masquerade\" is an IPv4 key, but the network has no \"subnet\" (it is IPv6-only)"),
        problem(7, 13, "networks[0].snatTo", "\"snatTo\" is an IPv4 key, but the network has no \"subnet\" (it is IPv6-only)"),
        problem(8, 15, "networks[0].allocate", "\"allocate\" is an IPv4 key, but the network has no \"subnet\" (it is IPv6-only)"),
        problem(10, 7, "networks[0].arpProxy", "\"arpProxy\" is an IPv4 key, but the network has no \"subnet\" (it is IPv6-only)"));
  }

  @Test
  void aNetworkWithNeitherSubnetNorSubnet6() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
        """,
        problem(2, 5, "networks[0]", "network is missing required key \"subnet\" (or \"subnet6\" for an IPv6-only network)"),
        problem(2, 5, "networks[0]", "network is missing required key \"gateway\""));
  }

  @Test
  void overlappingSubnet6sAreReportedAtTheLaterOne() {
    assertProblems("""
        networks:
          - name: a
            bridge: nbr0
            subnet6: "fd00:88::/64"
          - name: b
            bridge: nbr1
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
            subnet6: "fd00:88::8000:0/112"
        """,
        problem(9, 14, "networks[1].subnet6", "subnet6 fd00:88::8000:0/112 overlaps subnet6 fd00:88::/64 of network a (line 4)"));
  }

  @Test
  void theSubnetsOfEachFamilyOverlapOnlyTheirOwnFamily() {
    assertProblems("""
        networks:
          - name: a
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            subnet6: "fd00:88::/64"
          - name: b
            bridge: nbr1
            subnet: 10.88.1.0/24
            gateway: 10.88.1.1
            subnet6: "fd00:89::/64"
          - name: c
            bridge: nbr2
            subnet6: "fd00:90::/64"
        """,
        problem(9, 13, "networks[1].subnet", "subnet 10.88.1.0/24 overlaps subnet 10.88.0.0/16 of network a (line 4)"));
  }
}
