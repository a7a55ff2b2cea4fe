package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.load;
import static io.netagent.config.ConfigTesting.network;
import static io.netagent.config.ConfigTesting.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentProblemsTest {

  @Test
  void yamlSyntaxErrorIsReportedWhereTheParserStopped() {
    ConfigException e = failure("""
        networks: [default, other
        containers: []
        """, false);

    assertProblems(e, problem(2, 11, "", "not valid YAML: while parsing a flow sequence: expected ',' or ']', but got :"));
    assertThat(e.getMessage())
        .isEqualTo("netagent.yaml:2:11: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got :");
  }

  @Test
  void yamlIndentationErrorIsASyntaxError() {
    assertProblems("""
        networks:
          - name: default
           bridge: nbr0
        """,
        problem(3, 4, "", "not valid YAML: while parsing a block collection: expected <block end>, but found '<block mapping start>'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n\n", "   \n", "# nothing declared yet\n"})
  void emptyFileIsAProblemWithTheWholeFile(String text) {
    ConfigException e = failure(text, false);

    assertProblems(e, problem(0, 0, "", "the file is empty; declare at least \"networks: []\""));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml: the file is empty; declare at least \"networks: []\"");
  }

  @Test
  void emptyJsonFileIsAProblemWithTheWholeFile() {
    assertProblems(failure("", true), problem(0, 0, "", "the file is empty; declare at least \"networks: []\""));
  }

  @Test
  void topLevelListIsRefused() {
    ConfigException e = failure("""
        - name: default
        """, false);

    assertProblems(e, problem(1, 1, "", "the configuration must be a mapping, not a list"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:1:1: the configuration must be a mapping, not a list");
  }

  @Test
  void topLevelScalarIsRefused() {
    assertProblems("networks\n", problem(1, 1, "", "the configuration must be a mapping, not a string (\"networks\")"));
  }

  @Test
  void topLevelNullIsRefused() {
    assertProblems("~\n", problem(0, 0, "", "the file is empty; declare at least \"networks: []\""));
  }

  @Test
  void secondDocumentIsRefused() {
    assertProblems("""
        networks: []
        ---
        networks: []
        """,
        problem(3, 1, "", "only one document is allowed in a configuration file"));
  }

  @Test
  void unknownTopLevelKey() {
    ConfigException e = failure("""
        networks: []
        network: []
        """, false);

    assertProblems(e, problem(2, 1, "network", "unknown key \"network\" in the configuration (known keys: containers, networks)"));
    assertThat(e.getMessage())
        .isEqualTo("netagent.yaml:2:1: network: unknown key \"network\" in the configuration (known keys: containers, networks)");
  }

  @Test
  void unknownNetworkKey() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            gw: 10.88.0.1
        """,
        problem(6, 5, "networks[0].gw",
            "unknown key \"gw\" in network (known keys: allocate, allocate6, arpProxy, bridge, gateway, gateway6, isolate, mac, masquerade, "
                + "masquerade6, mtu, name, snatTo, snatTo6, subnet, subnet6)"));
  }

  @Test
  void unknownContainerKey() {
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
            address: 10.88.0.2
        """,
        problem(10, 5, "containers[0].address", "unknown key \"address\" in container (known keys: createNamespace, hostInterface, "
            + "interface, ip, ip6, mac, mtu, name, namespace, network, ports)"));
  }

  @Test
  void unknownPortKey() {
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
              - { host: 8080, container: 80, proto: udp }
        """,
        problem(11, 38, "containers[0].ports[0].proto", "unknown key \"proto\" in port (known keys: container, host, hostIp, protocol)"));
  }

  @Test
  void unknownArpProxyEntryKey() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32", ttl: 5 }
        """,
        problem(7, 53, "networks[0].arpProxy[0].ttl", "unknown key \"ttl\" in ARP proxy entry (known keys: ip, mac)"));
  }

  @Test
  void unknownArpProxyEntryKeyIsReportedEvenWhenTheNetworkHasOtherProblems() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            arpProxy:
              - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32", ttl: 5 }
        """,
        problem(2, 5, "networks[0]", "network is missing required key \"gateway\""),
        problem(6, 53, "networks[0].arpProxy[0].ttl", "unknown key \"ttl\" in ARP proxy entry (known keys: ip, mac)"));
  }

  @Test
  void stringWhereAnIntegerIsExpected() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu: "1500"
        """,
        problem(6, 10, "networks[0].mtu", "mtu must be an integer, not a string (\"1500\")"));
  }

  @Test
  void stringWhereAPortNumberIsExpected() {
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
              - { host: "8080", container: 80 }
        """,
        problem(11, 17, "containers[0].ports[0].host", "host must be an integer, not a string (\"8080\")"));
  }

  @Test
  void fractionWhereAnIntegerIsExpected() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu: 1500.5
        """,
        problem(6, 10, "networks[0].mtu", "mtu must be an integer, not a number (1500.5)"));
  }

  @Test
  void integerBeyond32Bits() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu: 99999999999
        """,
        problem(6, 10, "networks[0].mtu", "mtu must be an integer that fits 32 bits, not 99999999999"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x5dc", "1_500", "017"})
  void integersYamlWritesOtherwiseAreRefusedAsLikelySlips(String mtu) {
    String yaml = """
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu: %s
        """.formatted(mtu);

    assertProblems(yaml, problem(6, 10, "networks[0].mtu", "mtu must be a decimal integer without leading zeros, not " + mtu));
  }

  @Test
  void integerWhereAListIsExpected() {
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
            ports: 8080
        """,
        problem(10, 12, "containers[0].ports", "ports must be a list, not an integer (8080)"));
  }

  @Test
  void mappingWhereAListIsExpected() {
    assertProblems("containers: {}\n", problem(1, 13, "containers", "containers must be a list, not a mapping"));
  }

  @Test
  void scalarWhereAListItemMappingIsExpected() {
    assertProblems("""
        networks:
          - default
        """,
        problem(2, 5, "networks[0]", "network must be a mapping, not a string (\"default\")"));
  }

  @Test
  void emptyListItemIsRefused() {
    assertProblems("""
        networks:
          -
        """,
        problem(2, 4, "networks[0]", "network must be a mapping, not empty"));
  }

  @Test
  void booleanWhereAStringIsExpected() {
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
            interface: false
        """,
        problem(10, 16, "containers[0].interface", "interface must be a string, not a boolean (false)"));
  }

  @Test
  void booleanNetworkNameIsReportedOnce() {
    assertProblems("""
        networks:
          - name: true
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """,
        problem(2, 11, "networks[0].name", "name must be a string, not a boolean (true)"));
  }

  @Test
  void listNetworkNameIsReportedOnce() {
    assertProblems("""
        networks:
          - name: [default]
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """,
        problem(2, 11, "networks[0].name", "name must be a string, not a list"));
  }

  @Test
  void mappingWhereAScalarIsExpected() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: { address: 10.88.0.2 }
        """,
        problem(9, 9, "containers[0].ip", "ip must be a string, not a mapping"));
  }

  @Test
  void listWhereAScalarIsExpected() {
    assertProblems("""
        networks:
          - name: default
            bridge: [nbr0]
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """,
        problem(3, 13, "networks[0].bridge", "bridge must be a string, not a list"));
  }

  @Test
  void stringWhereABooleanIsExpected() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            masquerade: "true"
        """,
        problem(6, 17, "networks[0].masquerade", "masquerade must be true or false, not a string (\"true\")"));
  }

  @Test
  void integerWhereABooleanIsExpected() {
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
            createNamespace: 1
        """,
        problem(10, 22, "containers[0].createNamespace", "createNamespace must be true or false, not an integer (1)"));
  }

  @Test
  void numbersAreAcceptedAsStrings() {
    assertThat(network(load("""
        networks:
          - name: 42
            bridge: 4242
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """), "42").bridge().name()).isEqualTo(InterfaceName.of("4242"));
  }

  @Test
  void emptyRequiredValueIsRefused() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip:
        """,
        problem(9, 8, "containers[0].ip", "ip must be a string, not empty"));
  }

  @Test
  void emptyOptionalNetworkValueMeansTheDefault() {
    DesiredState state = load("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            mtu:
            masquerade:
        """);

    assertThat(network(state, "default").bridge().mtu()).isEqualTo(1500);
  }

  @Test
  void emptyOptionalContainerValueMeansTheDefault() {
    DesiredState state = load("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - name: web
            network: default
            ip: 10.88.0.2
            mac:
            createNamespace:
        """);

    assertThat(state.containers()).extracting(Container::name).containsExactly("web");
  }

  @Test
  void emptyOptionalPortValueMeansTheDefault() {
    DesiredState state = load("""
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
              - { host: 8080, container: 80, protocol: , hostIp: }
        """);

    assertThat(state.containers()).singleElement()
        .satisfies(c -> assertThat(c.ports()).extracting(PortMapping::protocol).containsExactly(Protocol.TCP));
  }

  @Test
  void missingRequiredNetworkKey() {
    ConfigException e = failure("""
        networks:
          - name: default
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        """, false);

    assertProblems(e, problem(2, 5, "networks[0]", "network is missing required key \"bridge\""));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:2:5: networks[0]: network is missing required key \"bridge\"");
  }

  @Test
  void everyMissingRequiredNetworkKeyIsReported() {
    assertProblems("""
        networks:
          - {}
        """,
        problem(2, 5, "networks[0]", "network is missing required key \"name\""),
        problem(2, 5, "networks[0]", "network is missing required key \"bridge\""),
        problem(2, 5, "networks[0]", "network is missing required key \"subnet\" (or \"subnet6\" for an IPv6-only network)"),
        problem(2, 5, "networks[0]", "network is missing required key \"gateway\""));
  }

  @Test
  void missingRequiredContainerKeys() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
        containers:
          - namespace: web
        """,
        problem(7, 5, "containers[0]", "container is missing required key \"name\""),
        problem(7, 5, "containers[0]", "container is missing required key \"network\""),
        problem(7, 5, "containers[0]", "container is missing required key \"ip\""));
  }

  @Test
  void missingRequiredPortKeys() {
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
              - { protocol: udp }
        """,
        problem(11, 9, "containers[0].ports[0]", "port is missing required key \"host\""),
        problem(11, 9, "containers[0].ports[0]", "port is missing required key \"container\""));
  }

  @Test
  void missingRequiredArpProxyKey() {
    assertProblems("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            arpProxy:
              - { ip: 10.88.0.50 }
        """,
        problem(7, 9, "networks[0].arpProxy[0]", "ARP proxy entry is missing required key \"mac\""));
  }

  @Test
  void duplicateKeyInANetwork() {
    ConfigException e = failure("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            bridge: nbr1
        """, false);

    assertProblems(e, problem(6, 5, "networks[0].bridge", "duplicate key \"bridge\" (first at line 3)"));
    assertThat(e.getMessage()).isEqualTo("netagent.yaml:6:5: networks[0].bridge: duplicate key \"bridge\" (first at line 3)");
  }

  @Test
  void duplicateTopLevelKey() {
    assertProblems("""
        networks: []
        containers: []
        networks: []
        """,
        problem(3, 1, "networks", "duplicate key \"networks\" (first at line 1)"));
  }

  @Test
  void duplicateKeyInAFlowMapping() {
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
              - { host: 8080, container: 80, host: 8081 }
        """,
        problem(11, 38, "containers[0].ports[0].host", "duplicate key \"host\" (first at line 11)"));
  }

  @Test
  void aDocumentWithProblemsYieldsNoPartialResult() {
    ConfigException e = failure("""
        networks:
          - name: good
            bridge: br-good
            subnet: 10.1.0.0/16
            gateway: 10.1.0.1
          - name: bad
            bridge: br-bad
            subnet: 10.2.0.0/16
            gateway: 10.3.0.1
        """, false);

    assertThat(e).hasMessage("netagent.yaml:9:14: networks[1].gateway: gateway 10.3.0.1 is outside subnet 10.2.0.0/16");
  }
}
