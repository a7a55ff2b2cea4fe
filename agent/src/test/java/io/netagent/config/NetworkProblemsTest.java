package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.load;
import static io.netagent.config.ConfigTesting.network;
import static io.netagent.config.ConfigTesting.problem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkProblemsTest {

  private static final String UNICAST_RULE = " is not a unicast address (the lowest bit of the first byte must be 0, and it cannot be all zero)";

  @Test
  void invalidNetworkName() {
    ConfigException e = failure("""
        networks:
          - name: -default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """, false);

    assertProblems(e, problem(2, 11, "networks[0].name",
        "network name \"-default\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:2:11: networks[0].name: network name \"-default\" is not valid: "
        + "use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }

  @Test
  void networkNameWithSpaces() {
    assertProblems("""
        networks:
          - name: my network
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """,
        problem(2, 11, "networks[0].name",
            "network name \"my network\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit"));
  }

  @Test
  void bridgeNameTooLong() {
    assertProblems("""
        networks:
          - name: default
            bridge: bridge-of-default
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """,
        problem(3, 13, "networks[0].bridge", "interface name \"bridge-of-default\" is 17 bytes; at most 15 are allowed"));
  }

  @Test
  void bridgeNameWithColon() {
    assertProblems("""
        networks:
          - name: default
            bridge: "nbr:0"
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """,
        problem(3, 13, "networks[0].bridge", "interface name \"nbr:0\" contains ':', which Linux does not allow"));
  }

  @Test
  void subnetWithHostBitsSuggestsTheNetwork() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.5/16
            gateway: 10.88.0.1
        """, false);

    assertProblems(e, problem(4, 13, "networks[0].subnet", "10.88.0.5/16 has host bits set (did you mean 10.88.0.0/16?)"));
    assertThat(e.getMessage())
        .isEqualTo("netagent.yaml:4:13: networks[0].subnet: 10.88.0.5/16 has host bits set (did you mean 10.88.0.0/16?)");
  }

  @Test
  void subnetWithoutPrefixLength() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0
            gateway: 10.88.0.1
        """,
        problem(4, 13, "networks[0].subnet", "\"10.88.0.0\" is not a subnet (expected a.b.c.d/prefix)"));
  }

  @Test
  void subnetWithPrefixLengthAbove32() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/40
            gateway: 10.88.0.1
        """,
        problem(4, 13, "networks[0].subnet", "prefix length 40 is not between 0 and 32"));
  }

  @Test
  void gatewayOutsideTheSubnet() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.89.0.1
        """, false);

    assertProblems(e, problem(5, 14, "networks[0].gateway", "gateway 10.89.0.1 is outside subnet 10.88.0.0/16"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:5:14: networks[0].gateway: gateway 10.89.0.1 is outside subnet 10.88.0.0/16");
  }

  @Test
  void gatewayOnTheNetworkAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.0
        """,
        problem(5, 14, "networks[0].gateway", "gateway 10.88.0.0 is the network or broadcast address of 10.88.0.0/16"));
  }

  @Test
  void gatewayOnTheBroadcastAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.255.255
        """,
        problem(5, 14, "networks[0].gateway", "gateway 10.88.255.255 is the network or broadcast address of 10.88.0.0/16"));
  }

  @Test
  void gatewayThatIsNoAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.01
        """,
        problem(5, 14, "networks[0].gateway", "\"10.88.0.01\" is not an IPv4 address (leading zeros are not allowed: inet_aton would read them as octal)"));
  }

  @Test
  void mtuAboveTheMaximum() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu: 65536
        """,
        problem(6, 10, "networks[0].mtu", "MTU 65536 is outside 68–65535"));
  }

  @Test
  void mtuBelowTheMinimum() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu: 67
        """,
        problem(6, 10, "networks[0].mtu", "MTU 67 is outside 68–65535"));
  }

  @Test
  void masqueradeTogetherWithSnatTo() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            masquerade: true
            snatTo: 192.0.2.10
        """,
        problem(7, 13, "networks[0].snatTo", "masquerade and snatTo exclude each other: masquerade uses the address of the "
            + "outgoing interface, snatTo one fixed address"));
  }

  @Test
  void snatToThatIsNoAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            snatTo: 192.0.2
        """,
        problem(6, 13, "networks[0].snatTo", "\"192.0.2\" is not an IPv4 address (expected a.b.c.d)"));
  }

  @Test
  void multicastBridgeMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mac: "01:00:5e:00:00:01"
        """,
        problem(6, 10, "networks[0].mac", "MAC 01:00:5e:00:00:01" + UNICAST_RULE));
  }

  @Test
  void malformedBridgeMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mac: "02:42:0a:58:00"
        """,
        problem(6, 10, "networks[0].mac", "\"02:42:0a:58:00\" is not a MAC address (expected six hex pairs like 02:42:0a:58:00:02)"));
  }

  @Test
  void arpProxyIpOutsideTheSubnet() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.89.0.50, mac: "02:42:0a:58:00:32" }
        """,
        problem(7, 15, "networks[0].arpProxy[0].ip", "ARP proxy IP 10.89.0.50 is outside subnet 10.88.0.0/16"));
  }

  @Test
  void arpProxyIpEqualToTheGateway() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.1, mac: "02:42:0a:58:00:32" }
        """,
        problem(7, 15, "networks[0].arpProxy[0].ip", "ARP proxy IP 10.88.0.1 is the gateway, which the bridge answers for itself"));
  }

  @Test
  void arpProxyIpTwiceWithAnotherMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32" }
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:33" }
        """,
        problem(8, 15, "networks[0].arpProxy[1].ip", "ARP proxy entry for 10.88.0.50 already exists (→ 02:42:0a:58:00:32)"));
  }

  @Test
  void arpProxyEntryRepeatedWithTheSameMacIsKeptOnce() {
    assertThat(network(load("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32" }
              - { ip: 10.88.0.50, mac: "02:42:0A:58:00:32" }
        """), "default").bridge().arpProxy()).hasSize(1);
  }

  @Test
  void arpProxyMulticastMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50, mac: "03:42:0a:58:00:32" }
        """,
        problem(7, 32, "networks[0].arpProxy[0].mac", "MAC 03:42:0a:58:00:32" + UNICAST_RULE));
  }

  @Test
  void arpProxyZeroMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50, mac: "00:00:00:00:00:00" }
        """,
        problem(7, 32, "networks[0].arpProxy[0].mac", "MAC 00:00:00:00:00:00" + UNICAST_RULE));
  }

  @Test
  void arpProxyIpThatIsNoAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.500, mac: "02:42:0a:58:00:32" }
        """,
        problem(7, 15, "networks[0].arpProxy[0].ip", "\"10.88.0.500\" is not an IPv4 address (500 is above 255)"));
  }
}
