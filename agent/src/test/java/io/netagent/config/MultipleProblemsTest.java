package io.netagent.config;

import static io.netagent.config.ConfigTesting.FILE;
import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MultipleProblemsTest {

  private static final String MANY_PROBLEMS = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
          arpProxy:
            - { ip: 10.89.0.50, mac: "02:42:0a:58:00:32" }
      containers:
        - name: web
          network: default
          ip: 10.88.0.1
          ports:
            - { host: 8080, container: 80 }
        - name: db
          network: nowhere
          ip: 10.88.0.3
          mtu: 9
          ports:
            - { host: 8080, container: 5432, protocol: tcp }
        - name: cache
          network: default
          ip: 10.88.0.4
          colour: red
      extra: 1
      """;

  @Test
  void everyProblemIsReportedInFileOrder() {
    assertProblems(MANY_PROBLEMS,
        problem(7, 15, "networks[0].arpProxy[0].ip", "ARP proxy IP 10.89.0.50 is outside subnet 10.88.0.0/16"),
        problem(11, 9, "containers[0].ip", "10.88.0.1 is the gateway of network default"),
        problem(15, 14, "containers[1].network", "unknown network \"nowhere\" (declared: default)"),
        problem(17, 10, "containers[1].mtu", "MTU 9 is outside 68–65535"),
        problem(19, 17, "containers[1].ports[0].host", "host port 8080/tcp is already published by container web (line 13)"),
        problem(23, 5, "containers[2].colour", "unknown key \"colour\" in container (known keys: createNamespace, hostInterface, "
            + "interface, ip, ip6, mac, mtu, name, namespace, network, ports)"),
        problem(24, 1, "extra", "unknown key \"extra\" in the configuration (known keys: containers, networks)"));
  }

  @Test
  void theMessageListsOneProblemALine() {
    ConfigException e = failure(MANY_PROBLEMS, false);

    assertThat(e.getMessage().lines()).hasSize(7).allMatch(line -> line.startsWith(FILE + ":"));
    assertThat(e.getMessage().lines().findFirst()).contains(
        "netagent.yaml:7:15: networks[0].arpProxy[0].ip: ARP proxy IP 10.89.0.50 is outside subnet 10.88.0.0/16");
  }

  @Test
  void problemsInOneLineAreOrderedByColumn() {
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
              - { host: 0, container: 0, protocol: icmp, hostIp: localhost }
        """,
        problem(11, 17, "containers[0].ports[0].host", "host port 0 is outside 1–65535"),
        problem(11, 31, "containers[0].ports[0].container", "container port 0 is outside 1–65535"),
        problem(11, 44, "containers[0].ports[0].protocol", "protocol \"icmp\" is not supported (use tcp or udp)"),
        problem(11, 58, "containers[0].ports[0].hostIp", "\"localhost\" is not an IPv4 address (expected a.b.c.d)"));
  }

  @Test
  void problemsOfEveryNetworkAreReported() {
    assertProblems("""
        networks:
          - name: a
            bridge: nbr0
            subnet: 10.88.0.1/16
            gateway: 10.88.0.1
          - name: b
            bridge: this-is-too-long
            subnet: 10.89.0.0/16
            gateway: 10.89.0.1
            mtu: 0
        """,
        problem(4, 13, "networks[0].subnet", "10.88.0.1/16 has host bits set (did you mean 10.88.0.0/16?)"),
        problem(7, 13, "networks[1].bridge", "interface name \"this-is-too-long\" is 16 bytes; at most 15 are allowed"),
        problem(10, 10, "networks[1].mtu", "MTU 0 is outside 68–65535"));
  }

  @Test
  void nothingIsReturnedWhenThereIsAProblem() {
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, MANY_PROBLEMS, false)).isInstanceOf(ConfigException.class);
  }
}
