package io.netagent.config;

import static io.netagent.config.ConfigTesting.container;
import static io.netagent.config.ConfigTesting.network;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.ArpProxyEntry;
import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.model.StableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExampleConfigTest {
  private static final Path SHIPPED_EXAMPLE = Path.of("../systemd/netagent.yaml");

  private final LoadedConfig example = ConfigLoader.loadExample();
  private final DesiredState state = example.state();

  private static PortMapping port(int host, int container, Protocol protocol, String containerIp, String hostIp) {
    return new PortMapping(host, container, protocol, Ipv4Address.parse(containerIp),
        Optional.ofNullable(hostIp).map(Ipv4Address::parse));
  }

  @Test
  void embeddedExampleIsTheFileShippedInSystemd() throws IOException {
    assertThat(ConfigLoader.exampleText()).isEqualTo(Files.readString(SHIPPED_EXAMPLE, StandardCharsets.UTF_8));
  }

  @Test
  void loadingTheShippedFileGivesTheSameStateAsTheBuiltInExample() {
    LoadedConfig shipped = ConfigLoader.load(SHIPPED_EXAMPLE);

    assertThat(shipped.source()).isEqualTo(SHIPPED_EXAMPLE.toString());
    assertThat(shipped.state()).isEqualTo(state);
  }

  @Test
  void sourceIsTheBuiltInExample() {
    assertThat(example.source()).isEqualTo("built-in example").isEqualTo(ConfigLoader.EXAMPLE_NAME);
  }

  @Test
  void declaresOneNetworkAndThreeContainers() {
    assertThat(state.networks()).extracting(n -> n.name()).containsExactly("default");
    assertThat(state.containers()).extracting(Container::name).containsExactly("web", "db", "dns");
  }

  @Test
  void networkHasTheValuesOfTheFile() {
    Bridge bridge = network(state, "default").bridge();

    assertThat(bridge.name()).isEqualTo(InterfaceName.of("nbr0"));
    assertThat(bridge.ipv4().orElseThrow().subnet()).isEqualTo(Ipv4Subnet.parse("10.88.0.0/16"));
    assertThat(bridge.ipv4().orElseThrow().gateway()).isEqualTo(Ipv4Address.parse("10.88.0.1"));
    assertThat(bridge.mtu()).isEqualTo(1500);
    assertThat(bridge.nat().sourceNat()).isEqualTo(new SourceNat.Masquerade());
    assertThat(bridge.arpProxy()).containsExactly(
        new ArpProxyEntry(Ipv4Address.parse("10.88.0.50"), MacAddress.parse("02:42:0a:58:00:32")));
  }

  @Test
  void bridgeMacIsGeneratedFromTheNetworkName() {
    assertThat(network(state, "default").bridge().mac()).isEqualTo(MacAddress.fromId(StableId.of("bridge:default")));
  }

  @Test
  void everyContainerIsAttachedToTheBridgeInDeclarationOrder() {
    assertThat(network(state, "default").bridge().attached())
        .containsExactly(InterfaceName.of("veth-web"), InterfaceName.of("veth-db"), InterfaceName.of("veth-dns"));
  }

  @Test
  void natTableHoldsEveryPublishedPort() {
    assertThat(network(state, "default").bridge().nat().mappings()).containsExactly(
        port(8080, 80, Protocol.TCP, "10.88.0.2", null),
        port(8443, 443, Protocol.TCP, "10.88.0.2", "127.0.0.1"),
        port(5353, 53, Protocol.UDP, "10.88.0.4", null));
  }

  @Test
  void webHasTheValuesOfTheFile() {
    Container web = container(state, "web");

    assertThat(web.network()).isEqualTo("default");
    assertThat(web.namespace()).isEqualTo(new NamespaceRef.Named("web"));
    assertThat(web.createNamespace()).isTrue();
    assertThat(web.veth().host().name()).isEqualTo(InterfaceName.of("veth-web"));
    assertThat(web.veth().container().name()).isEqualTo(InterfaceName.of("eth0"));
    assertThat(web.ipv4()).contains(Ipv4Cidr.parse("10.88.0.2/16"));
    assertThat(web.veth().container().mac()).isEqualTo(MacAddress.parse("02:42:0a:58:00:02"));
    assertThat(web.veth().host().mtu()).isEqualTo(1500);
    assertThat(web.veth().container().mtu()).isEqualTo(1500);
    assertThat(web.ports()).containsExactly(
        port(8080, 80, Protocol.TCP, "10.88.0.2", null),
        port(8443, 443, Protocol.TCP, "10.88.0.2", "127.0.0.1"));
  }

  @Test
  void dbHasItsOwnMtuOnBothEnds() {
    Container db = container(state, "db");

    assertThat(db.ipv4()).contains(Ipv4Cidr.parse("10.88.0.3/16"));
    assertThat(db.veth().host().mtu()).isEqualTo(1400);
    assertThat(db.veth().container().mtu()).isEqualTo(1400);
    assertThat(db.ports()).isEmpty();
  }

  @Test
  void dnsPublishesAUdpPort() {
    Container dns = container(state, "dns");

    assertThat(dns.ipv4()).contains(Ipv4Cidr.parse("10.88.0.4/16"));
    assertThat(dns.ports()).containsExactly(port(5353, 53, Protocol.UDP, "10.88.0.4", null));
  }

  @Test
  void defaultsApplyToTheContainersThatLeaveValuesOut() {
    Container db = container(state, "db");
    Container dns = container(state, "dns");

    assertThat(db.veth().host().name()).isEqualTo(InterfaceName.of("veth-db"));
    assertThat(dns.veth().host().name()).isEqualTo(InterfaceName.of("veth-dns"));
    assertThat(db.veth().container().name()).isEqualTo(InterfaceName.of("eth0"));
    assertThat(dns.veth().container().mtu()).isEqualTo(1500);
    assertThat(db.veth().container().mac()).isEqualTo(db.veth().host().mac().withLowestBitFlipped());
    assertThat(dns.veth().container().mac()).isEqualTo(dns.veth().host().mac().withLowestBitFlipped());
  }

  @Test
  void generatedMacsAreStableAcrossLoads() {
    assertThat(ConfigLoader.loadExample().state()).isEqualTo(state);
    assertThat(container(state, "db").veth().host().mac()).isEqualTo(MacAddress.fromId(StableId.of("default", "db")));
  }
}
