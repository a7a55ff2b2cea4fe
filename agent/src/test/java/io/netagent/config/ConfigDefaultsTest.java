package io.netagent.config;

import static io.netagent.config.ConfigTesting.container;
import static io.netagent.config.ConfigTesting.load;
import static io.netagent.config.ConfigTesting.network;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.model.StableId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {

  private static final String MINIMAL = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
      containers:
        - name: web
          network: default
          ip: 10.88.0.2
      """;

  private static Container only(String yaml) {
    DesiredState state = load(yaml);
    assertThat(state.containers()).hasSize(1);
    return state.containers().get(0);
  }

  private static String withContainerName(String name) {
    return MINIMAL.replace("name: web", "name: " + name);
  }

  @Test
  void anEmptyNetworkListIsAValidConfiguration() {
    assertThat(load("networks: []\n")).isEqualTo(DesiredState.EMPTY);
  }

  @Test
  void anEmptyMappingIsAValidConfiguration() {
    assertThat(load("{}\n")).isEqualTo(DesiredState.EMPTY);
  }

  @Test
  void emptyListsMayBeLeftBlank() {
    assertThat(load("networks:\ncontainers:\n")).isEqualTo(DesiredState.EMPTY);
  }

  @Test
  void hostInterfaceDefaultsToVethAndTheContainerName() {
    assertThat(only(MINIMAL).veth().host().name()).isEqualTo(InterfaceName.of("veth-web"));
  }

  @Test
  void hostInterfaceKeepsTheContainerNameWhenItJustFits() {
    assertThat(only(withContainerName("abcdefghij")).veth().host().name()).isEqualTo(InterfaceName.of("veth-abcdefghij"));
  }

  @Test
  void hostInterfaceIsHashedWhenVethAndTheNameWouldNotFit() {
    InterfaceName name = only(withContainerName("abcdefghijk")).veth().host().name();

    assertThat(name).isEqualTo(InterfaceName.of("veth-" + StableId.hex(10, "default", "abcdefghijk")));
    assertThat(name.value()).matches("veth-[0-9a-f]{10}");
  }

  @Test
  void hashedHostInterfaceIsAtMost15BytesEvenForTheLongestName() {
    String longest = "c".repeat(63);

    InterfaceName name = only(withContainerName(longest)).veth().host().name();

    assertThat(name.value().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(15);
    assertThat(name).isEqualTo(ContainerResolver.defaultHostInterface("default", longest));
  }

  @Test
  void hashedHostInterfaceDependsOnTheNetworkToo() {
    assertThat(ContainerResolver.defaultHostInterface("a", "abcdefghijk"))
        .isNotEqualTo(ContainerResolver.defaultHostInterface("b", "abcdefghijk"));
  }

  @Test
  void containerInterfaceDefaultsToEth0() {
    Container web = only(MINIMAL);

    assertThat(web.veth().container().name()).isEqualTo(InterfaceName.of("eth0"));
    assertThat(web.veth().host().peer()).isEqualTo(InterfaceName.of("eth0"));
    assertThat(web.veth().container().peer()).isEqualTo(InterfaceName.of("veth-web"));
  }

  @Test
  void namespaceDefaultsToTheContainerName() {
    assertThat(only(MINIMAL).namespace()).isEqualTo(new NamespaceRef.Named("web"));
  }

  @Test
  void createNamespaceDefaultsToFalse() {
    assertThat(only(MINIMAL).createNamespace()).isFalse();
  }

  @Test
  void namespaceUnderRunNetnsIsTheNamedNamespace() {
    Container web = only(MINIMAL + "    namespace: /run/netns/shared\n    createNamespace: true\n");

    assertThat(web.namespace()).isEqualTo(new NamespaceRef.Named("shared"));
    assertThat(web.createNamespace()).isTrue();
  }

  @Test
  void namespaceMayBeAnyAbsolutePath() {
    assertThat(only(MINIMAL + "    namespace: /proc/1234/ns/net\n").namespace()).isEqualTo(new NamespaceRef.AtPath("/proc/1234/ns/net"));
  }

  @Test
  void aNetworkIsIsolatedUnlessItSaysOtherwise() {
    assertThat(network(load(MINIMAL), "default").isolated()).isTrue();
    assertThat(network(load(MINIMAL.replace("gateway: 10.88.0.1", "gateway: 10.88.0.1\n    isolate: false")), "default").isolated())
        .isFalse();
  }

  @Test
  void mtuDefaultsTo1500() {
    DesiredState state = load(MINIMAL);

    assertThat(network(state, "default").bridge().mtu()).isEqualTo(1500);
    assertThat(container(state, "web").veth().host().mtu()).isEqualTo(1500);
  }

  @Test
  void containerMtuDefaultsToTheNetworks() {
    Container web = only(MINIMAL.replace("    gateway: 10.88.0.1\n", "    gateway: 10.88.0.1\n    mtu: 9000\n"));

    assertThat(web.veth().host().mtu()).isEqualTo(9000);
    assertThat(web.veth().container().mtu()).isEqualTo(9000);
  }

  @Test
  void containerMtuOverridesTheNetworks() {
    Container web = only(MINIMAL + "    mtu: 1400\n");

    assertThat(web.veth().host().mtu()).isEqualTo(1400);
    assertThat(web.veth().container().mtu()).isEqualTo(1400);
  }

  @Test
  void hostEndLivesInTheHostNamespaceWithoutAddress() {
    Container web = only(MINIMAL);

    assertThat(web.veth().host().namespace()).isEqualTo(NamespaceRef.HOST);
    assertThat(web.veth().host().address()).isEmpty();
    assertThat(web.veth().host().up()).isTrue();
    assertThat(web.veth().container().up()).isTrue();
  }

  @Test
  void containerAddressTakesTheSubnetPrefixLength() {
    assertThat(only(MINIMAL).ipv4()).contains(Ipv4Cidr.parse("10.88.0.2/16"));
  }

  @Test
  void hostMacIsGeneratedFromNetworkAndContainerName() {
    assertThat(only(MINIMAL).veth().host().mac()).isEqualTo(MacAddress.fromId(StableId.of("default", "web")));
  }

  @Test
  void generatedContainerMacIsTheHostMacWithTheLowestBitFlipped() {
    Container web = only(MINIMAL);

    assertThat(web.veth().container().mac()).isEqualTo(web.veth().host().mac().withLowestBitFlipped());
  }

  @Test
  void generatedMacsAreStableAcrossLoads() {
    Container first = only(MINIMAL);
    Container second = only(MINIMAL);

    assertThat(second.veth().host().mac()).isEqualTo(first.veth().host().mac());
    assertThat(second.veth().container().mac()).isEqualTo(first.veth().container().mac());
  }

  @Test
  void aGivenMacIsUsedForTheContainerEnd() {
    Container web = only(MINIMAL + "    mac: \"02:42:0A:58:00:02\"\n");

    assertThat(web.veth().container().mac()).isEqualTo(MacAddress.parse("02:42:0a:58:00:02"));
    assertThat(web.veth().host().mac()).isEqualTo(MacAddress.fromId(StableId.of("default", "web")));
  }

  @Test
  void aGivenMacEqualToTheGeneratedHostMacMovesTheHostMacAside() {
    MacAddress generated = MacAddress.fromId(StableId.of("default", "web"));

    Container web = only(MINIMAL + "    mac: \"" + generated + "\"\n");

    assertThat(web.veth().container().mac()).isEqualTo(generated);
    assertThat(web.veth().host().mac()).isEqualTo(generated.withLowestBitFlipped());
  }

  @Test
  void bridgeMacIsGeneratedFromTheNetworkName() {
    assertThat(network(load(MINIMAL), "default").bridge().mac()).isEqualTo(MacAddress.fromId(StableId.of("bridge:default")));
  }

  @Test
  void aGivenBridgeMacIsUsed() {
    DesiredState state = load(MINIMAL.replace("    gateway: 10.88.0.1\n", "    gateway: 10.88.0.1\n    mac: \"02:00:00:00:00:01\"\n"));

    assertThat(network(state, "default").bridge().mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
  }

  @Test
  void masqueradeIsOnByDefault() {
    assertThat(network(load(MINIMAL), "default").bridge().nat().sourceNat()).isEqualTo(new SourceNat.Masquerade());
  }

  @Test
  void masqueradeTrueIsMasquerade() {
    DesiredState state = load(MINIMAL.replace("    gateway: 10.88.0.1\n", "    gateway: 10.88.0.1\n    masquerade: true\n"));

    assertThat(network(state, "default").bridge().nat().sourceNat()).isEqualTo(new SourceNat.Masquerade());
  }

  @Test
  void masqueradeFalseDisablesSourceNat() {
    DesiredState state = load(MINIMAL.replace("    gateway: 10.88.0.1\n", "    gateway: 10.88.0.1\n    masquerade: false\n"));

    assertThat(network(state, "default").bridge().nat().sourceNat()).isEqualTo(new SourceNat.Disabled());
  }

  @Test
  void snatToGivesAFixedSourceAddress() {
    DesiredState state = load(MINIMAL.replace("    gateway: 10.88.0.1\n", "    gateway: 10.88.0.1\n    snatTo: 192.0.2.10\n"));

    assertThat(network(state, "default").bridge().nat().sourceNat()).isEqualTo(new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10")));
  }

  @Test
  void snatToWithMasqueradeFalseIsSnatTo() {
    DesiredState state = load(MINIMAL.replace("    gateway: 10.88.0.1\n",
        "    gateway: 10.88.0.1\n    masquerade: false\n    snatTo: 192.0.2.10\n"));

    assertThat(network(state, "default").bridge().nat().sourceNat()).isEqualTo(new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10")));
  }

  @Test
  void protocolDefaultsToTcp() {
    Container web = only(MINIMAL + "    ports:\n      - { host: 8080, container: 80 }\n");

    assertThat(web.ports()).extracting(PortMapping::protocol).containsExactly(Protocol.TCP);
  }

  @Test
  void hostIpZeroMeansEveryAddress() {
    Container web = only(MINIMAL + "    ports:\n      - { host: 8080, container: 80, hostIp: 0.0.0.0 }\n");

    assertThat(web.ports().get(0).hostIp()).isEmpty();
    assertThat(web.ports().get(0)).hasToString("tcp 8080 → 10.88.0.2:80");
  }

  @Test
  void hostIpBindsTheMappingToOneAddress() {
    Container web = only(MINIMAL + "    ports:\n      - { host: 8080, container: 80, hostIp: 127.0.0.1 }\n");

    assertThat(web.ports().get(0).hostIp()).contains(Ipv4Address.parse("127.0.0.1"));
  }

  @Test
  void portsTargetTheContainerIp() {
    Container web = only(MINIMAL + "    ports:\n      - { host: 5353, container: 53, protocol: UDP }\n");

    assertThat(web.ports()).containsExactly(new PortMapping(5353, 53, Protocol.UDP, Ipv4Address.parse("10.88.0.2"), Optional.empty()));
  }

  @Test
  void containersAreAttachedOnlyToTheirOwnNetwork() {
    DesiredState state = load("""
        networks:
          - name: a
            bridge: br-a
            subnet: 10.1.0.0/16
            gateway: 10.1.0.1
          - name: b
            bridge: br-b
            subnet: 10.2.0.0/16
            gateway: 10.2.0.1
        containers:
          - name: x
            network: b
            ip: 10.2.0.2
            ports:
              - { host: 8080, container: 80 }
          - name: y
            network: a
            ip: 10.1.0.2
        """);

    assertThat(network(state, "a").bridge().attached()).containsExactly(InterfaceName.of("veth-y"));
    assertThat(network(state, "b").bridge().attached()).containsExactly(InterfaceName.of("veth-x"));
    assertThat(network(state, "a").bridge().nat().mappings()).isEmpty();
    assertThat(network(state, "b").bridge().nat().mappings()).hasSize(1);
  }
}
