package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.problem;
import static io.netagent.config.ConfigTesting.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerProblemsTest {

  @Test
  void invalidContainerName() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web server
            network: default
            ip: 10.88.0.2
        """,
        problem(7, 11, "containers[0].name",
            "container name \"web server\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit"));
  }

  @Test
  void hostInterfaceTooLong() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            hostInterface: veth-webserver01
        """,
        problem(10, 20, "containers[0].hostInterface", "interface name \"veth-webserver01\" is 16 bytes; at most 15 are allowed"));
  }

  @Test
  void hostInterfaceWithSlash() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            hostInterface: veth/web
        """,
        problem(10, 20, "containers[0].hostInterface", "interface name \"veth/web\" contains '/', which Linux does not allow"));
  }

  @Test
  void containerInterfaceWithColon() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            interface: "eth0:1"
        """,
        problem(10, 16, "containers[0].interface", "interface name \"eth0:1\" contains ':', which Linux does not allow"));
  }

  @Test
  void containerInterfaceThatIsATemplate() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            interface: eth%d
        """,
        problem(10, 16, "containers[0].interface", "interface name \"eth%d\" contains '%', which Linux does not allow"));
  }

  @Test
  void ipOutsideTheSubnet() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.89.0.2
        """, false);

    assertProblems(e, problem(9, 9, "containers[0].ip", "10.89.0.2 is outside subnet 10.88.0.0/16 of network default"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:9:9: containers[0].ip: 10.89.0.2 is outside subnet 10.88.0.0/16 of network default");
  }

  @Test
  void ipEqualToTheGateway() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.1
        """,
        problem(9, 9, "containers[0].ip", "10.88.0.1 is the gateway of network default"));
  }

  @Test
  void ipOnTheBroadcastAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.255.255
        """,
        problem(9, 9, "containers[0].ip", "10.88.255.255 is the network or broadcast address of 10.88.0.0/16"));
  }

  @Test
  void ipOnTheNetworkAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.0
        """,
        problem(9, 9, "containers[0].ip", "10.88.0.0 is the network or broadcast address of 10.88.0.0/16"));
  }

  @Test
  void ipEqualToAnArpProxyEntry() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32" }
        containers:
          - name: web
            network: default
            ip: 10.88.0.50
        """,
        problem(11, 9, "containers[0].ip", "10.88.0.50 is an ARP proxy entry of network default"));
  }

  @Test
  void ipThatIsNoAddress() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2/16
        """,
        problem(9, 9, "containers[0].ip", "\"10.88.0.2/16\" is not an IPv4 address (expected a.b.c.d)"));
  }

  @Test
  void unknownNetworkListsTheDeclaredOnes() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: backend
            bridge: nbr1
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
        containers:
          - name: web
            network: defualt
            ip: 10.88.0.2
        """, false);

    assertProblems(e, problem(12, 14, "containers[0].network", "unknown network \"defualt\" (declared: default, backend)"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:12:14: containers[0].network: unknown network \"defualt\" (declared: default, backend)");
  }

  @Test
  void unknownNetworkWhenNoneIsDeclared() {
    assertProblems("""
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
        """,
        problem(3, 14, "containers[0].network", "unknown network \"default\" (no networks are declared)"));
  }

  @Test
  void aNetworkWithProblemsIsNotReportedAsUnknown() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.99.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
        """,
        problem(5, 14, "networks[0].gateway", "gateway 10.99.0.1 is outside subnet 10.88.0.0/16"));
  }

  @Test
  void createNamespaceWithAPathIsReportedOnceAtCreateNamespace() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            namespace: /proc/1/ns/net
            createNamespace: true
        """,
        problem(11, 22, "containers[0].createNamespace",
            "createNamespace needs a namespace name under /run/netns, not the path /proc/1/ns/net"));
  }

  @Test
  void invalidNamespaceName() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            namespace: ..
        """,
        problem(10, 16, "containers[0].namespace", "namespace name \"..\" is not a valid file name under /run/netns"));
  }

  @Test
  void namespacePathWithNulIsAProblemNotACrash() {
    String yaml = """
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            namespace: "/run/x\\0y"
        """;

    assertThat(problems(yaml)).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(10);
      assertThat(p.column()).isEqualTo(16);
      assertThat(p.path()).isEqualTo("containers[0].namespace");
    });
  }

  @Test
  void multicastContainerMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            mac: "01:00:5e:00:00:01"
        """,
        problem(10, 10, "containers[0].mac", "MAC 01:00:5e:00:00:01 is not a unicast address "
            + "(the lowest bit of the first byte must be 0, and it cannot be all zero)"));
  }

  @Test
  void malformedContainerMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            mac: "02:42:0a:58:00:2"
        """,
        problem(10, 10, "containers[0].mac", "\"02:42:0a:58:00:2\" is not a MAC address (expected six hex pairs like 02:42:0a:58:00:02)"));
  }

  @Test
  void containerMtuOutOfRange() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            mtu: 70000
        """,
        problem(10, 10, "containers[0].mtu", "MTU 70000 is outside 68–65535"));
  }
}
