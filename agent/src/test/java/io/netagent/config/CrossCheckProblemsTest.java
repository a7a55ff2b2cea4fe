package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.load;
import static io.netagent.config.ConfigTesting.problem;
import static io.netagent.config.ConfigTesting.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.MacAddress;
import io.netagent.model.StableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossCheckProblemsTest {

  @Test
  void duplicateNetworkNames() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: default
            bridge: nbr1
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
        """, false);

    assertProblems(e, problem(6, 11, "networks[1].name", "network name \"default\" is already used by another network (line 2)"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:6:11: networks[1].name: network name \"default\" is already used by another network (line 2)");
  }

  @Test
  void duplicateNetworkNamesDoNotRepeatTheProblemsOfTheirContainers() {
    List<ConfigProblem> problems = problems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: default
            bridge: nbr1
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
          - name: db
            network: default
            ip: 10.88.0.2
        """);

    assertThat(problems).extracting(ConfigProblem::message).containsExactly(
        "network name \"default\" is already used by another network (line 2)",
        "address 10.88.0.2 of container db is already used by container web (line 13)");
  }

  @Test
  void duplicateBridgeNamesAreReportedOnceAtTheBridge() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: backend
            bridge: nbr0
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
        """,
        problem(7, 13, "networks[1].bridge", "bridge nbr0 is already used by network default (line 3)"));
  }

  @Test
  void overlappingSubnetsAreReportedAtTheLaterSubnet() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: backend
            bridge: nbr1
            subnet: 10.88.64.0/24
            gateway: 10.88.64.1
        """,
        problem(8, 13, "networks[1].subnet", "subnet 10.88.64.0/24 overlaps subnet 10.88.0.0/16 of network default (line 4)"));
  }

  @Test
  void enclosingSubnetDeclaredLaterOverlapsToo() {
    assertProblems("""
        networks:
          - name: small
            bridge: nbr0
            subnet: 10.88.64.0/24
            gateway: 10.88.64.1
          - name: large
            bridge: nbr1
            subnet: 10.0.0.0/8
            gateway: 10.0.0.1
        """,
        problem(8, 13, "networks[1].subnet", "subnet 10.0.0.0/8 overlaps subnet 10.88.64.0/24 of network small (line 4)"));
  }

  @Test
  void adjacentSubnetsDoNotOverlap() {
    assertThat(load("""
        networks:
          - name: a
            bridge: nbr0
            subnet: 10.88.0.0/24
            gateway: 10.88.0.1
          - name: b
            bridge: nbr1
            subnet: 10.88.1.0/24
            gateway: 10.88.1.1
        """).networks()).hasSize(2);
  }

  @Test
  void duplicateContainerNames() {
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
          - name: web
            network: default
            ip: 10.88.0.3
            namespace: web2
            hostInterface: veth-web2
            mac: "02:00:00:00:00:02"
        """,
        problem(10, 11, "containers[1].name", "container name \"web\" is already used by another container (line 7)"));
  }

  @Test
  void twoContainersWithOneIp() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
          - name: db
            network: default
            ip: 10.88.0.2
        """, false);

    assertProblems(e, problem(12, 9, "containers[1].ip",
        "address 10.88.0.2 of container db is already used by container web (line 9)"));
  }

  @Test
  void hostInterfaceEqualToAnotherContainersDefault() {
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
          - name: db
            network: default
            ip: 10.88.0.3
            hostInterface: veth-web
        """,
        problem(13, 20, "containers[1].hostInterface",
            "host interface veth-web of container db is already used by container web (line 7)"));
  }

  @Test
  void defaultHostInterfaceEqualToAnotherContainersExplicitOne() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: db
            network: default
            ip: 10.88.0.3
            hostInterface: veth-web
          - name: web
            network: default
            ip: 10.88.0.2
        """,
        problem(11, 11, "containers[1].name",
            "host interface veth-web of container web is already used by container db (line 10)"));
  }

  @Test
  void hostInterfaceEqualToABridgeName() {
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
            hostInterface: nbr0
        """,
        problem(10, 20, "containers[0].hostInterface", "host interface nbr0 of container web is already used by the bridge of network default (line 3)"));
  }

  @Test
  void hostInterfaceEqualToTheBridgeOfAnotherNetwork() {
    assertProblems("""
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
            network: default
            ip: 10.88.0.2
            hostInterface: nbr1
        """,
        problem(14, 20, "containers[0].hostInterface", "host interface nbr1 of container web is already used by the bridge of network backend (line 7)"));
  }

  @Test
  void twoContainersInOneNamespace() {
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
            namespace: shared
          - name: db
            network: default
            ip: 10.88.0.3
            namespace: shared
        """,
        problem(14, 16, "containers[1].namespace",
            "namespace shared of container db is already used by container web (line 10)"));
  }

  @Test
  void namespaceWrittenAsPathUnderRunNetnsIsTheSameNamespaceAsTheName() {
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
          - name: db
            network: default
            ip: 10.88.0.3
            namespace: /run/netns/web
        """,
        problem(13, 16, "containers[1].namespace",
            "namespace web of container db is already used by container web (line 7)"));
  }

  @Test
  void macCollisionBetweenContainersOfOneNetwork() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            mac: "02:42:0a:58:00:02"
          - name: db
            network: default
            ip: 10.88.0.3
            mac: "02:42:0A:58:00:02"
        """, false);

    assertProblems(e, problem(14, 10, "containers[1].mac",
        "MAC 02:42:0a:58:00:02 of container db collides with container web (line 10)"));
  }

  @Test
  void containerMacEqualToTheBridgeMac() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mac: "02:00:00:00:00:01"
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            mac: "02:00:00:00:00:01"
        """,
        problem(11, 10, "containers[0].mac",
            "MAC 02:00:00:00:00:01 of container web collides with the bridge of network default (line 6)"));
  }

  @Test
  void containerMacEqualToAnotherContainersGeneratedHostMac() {
    MacAddress webHost = MacAddress.fromId(StableId.of("default", "web"));

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
          - name: db
            network: default
            ip: 10.88.0.3
            mac: "%s"
        """.formatted(webHost),
        problem(13, 10, "containers[1].mac", "MAC " + webHost + " of container db collides with the host end of container web (line 7)"));
  }

  @Test
  void sameMacOnDifferentNetworksIsFine() {
    assertThat(load("""
        networks:
          - name: a
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: b
            bridge: nbr1
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
        containers:
          - name: web
            network: a
            ip: 10.88.0.2
            mac: "02:42:0a:58:00:02"
          - name: db
            network: b
            ip: 10.89.0.2
            mac: "02:42:0a:58:00:02"
        """).containers()).hasSize(2);
  }
}
