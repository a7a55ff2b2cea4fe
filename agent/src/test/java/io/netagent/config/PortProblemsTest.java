package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.load;
import static io.netagent.config.ConfigTesting.problem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortProblemsTest {

  @Test
  void hostPortZero() {
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
            ports:
              - { host: 0, container: 80 }
        """,
        problem(11, 17, "containers[0].ports[0].host", "host port 0 is outside 1–65535"));
  }

  @Test
  void hostPortAbove65535() {
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
            ports:
              - { host: 65536, container: 80 }
        """,
        problem(11, 17, "containers[0].ports[0].host", "host port 65536 is outside 1–65535"));
  }

  @Test
  void containerPortOutOfRange() {
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
            ports:
              - { host: 8080, container: 70000 }
        """, false);

    assertProblems(e, problem(11, 34, "containers[0].ports[0].container", "container port 70000 is outside 1–65535"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:11:34: containers[0].ports[0].container: container port 70000 is outside 1–65535");
  }

  @Test
  void negativeContainerPort() {
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
            ports:
              - { host: 8080, container: -80 }
        """,
        problem(11, 34, "containers[0].ports[0].container", "container port -80 is outside 1–65535"));
  }

  @Test
  void unsupportedProtocol() {
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
            ports:
              - { host: 8080, container: 80, protocol: sctp }
        """,
        problem(11, 48, "containers[0].ports[0].protocol", "protocol \"sctp\" is not supported (use tcp or udp)"));
  }

  @Test
  void badHostIp() {
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
            ports:
              - { host: 8080, container: 80, hostIp: 127.0.0 }
        """,
        problem(11, 46, "containers[0].ports[0].hostIp", "\"127.0.0\" is not an IPv4 address (expected a.b.c.d)"));
  }

  @Test
  void samePortTwiceInOneContainer() {
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
            ports:
              - { host: 8080, container: 80 }
              - { host: 8080, container: 81 }
        """,
        problem(12, 17, "containers[0].ports[1].host", "host port 8080/tcp is already published by container web (line 11)"));
  }

  @Test
  void samePortInTwoContainersOfOneNetwork() {
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
            ports:
              - { host: 8080, container: 80 }
          - name: api
            network: default
            ip: 10.88.0.3
            ports:
              - { host: 8080, container: 8080, protocol: tcp }
        """, false);

    assertProblems(e, problem(16, 17, "containers[1].ports[0].host", "host port 8080/tcp is already published by container web (line 11)"));
    assertThat(e.getMessage())
        .isEqualTo("netagent.yaml:16:17: containers[1].ports[0].host: host port 8080/tcp is already published by container web (line 11)");
  }

  @Test
  void samePortInContainersOfTwoNetworks() {
    assertProblems("""
        networks:
          - name: front
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
          - name: back
            bridge: nbr1
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
        containers:
          - name: web
            network: front
            ip: 10.88.0.2
            ports:
              - { host: 5353, container: 53, protocol: udp }
          - name: dns
            network: back
            ip: 10.89.0.2
            ports:
              - { host: 5353, container: 53, protocol: UDP }
        """,
        problem(20, 17, "containers[1].ports[0].host", "host port 5353/udp is already published by container web (line 15)"));
  }

  @Test
  void samePortBoundToDifferentHostIpsStillClashes() {
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
            ports:
              - { host: 8080, container: 80, hostIp: 127.0.0.1 }
          - name: api
            network: default
            ip: 10.88.0.3
            ports:
              - { host: 8080, container: 80, hostIp: 192.0.2.1 }
        """,
        problem(16, 17, "containers[1].ports[0].host", "host port 8080/tcp is already published by container web (line 11)"));
  }

  @Test
  void portOfAContainerWithOtherProblemsStillClaimsTheHostPort() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.99.0.2
            ports:
              - { host: 8080, container: 80 }
          - name: api
            network: default
            ip: 10.88.0.3
            ports:
              - { host: 8080, container: 80 }
        """,
        problem(9, 9, "containers[0].ip", "10.99.0.2 is outside subnet 10.88.0.0/16 of network default"),
        problem(16, 17, "containers[1].ports[0].host", "host port 8080/tcp is already published by container web (line 11)"));
  }

  @Test
  void portClaimOfAContainerWithAnInvalidNameIsAttributedToItsPosition() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: -web
            network: default
            ip: 10.88.0.2
            ports:
              - { host: 8080, container: 80 }
          - name: api
            network: default
            ip: 10.88.0.3
            ports:
              - { host: 8080, container: 80 }
        """,
        problem(7, 11, "containers[0].name",
            "container name \"-web\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit"),
        problem(16, 17, "containers[1].ports[0].host", "host port 8080/tcp is already published by containers[0] (line 11)"));
  }

  @Test
  void samePortWithAnotherProtocolIsFine() {
    assertThat(load("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: dns
            network: default
            ip: 10.88.0.2
            ports:
              - { host: 53, container: 53, protocol: tcp }
              - { host: 53, container: 53, protocol: udp }
        """).network("default").orElseThrow().bridge().nat().mappings()).hasSize(2);
  }
}
