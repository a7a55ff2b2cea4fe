package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Protocol;
import io.netagent.observed.NatRuleset.NatNetwork6;
import io.netagent.observed.NatRuleset;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.NatChange;
import io.netagent.operations.Reason;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NAT tables of networks with IPv6: their IPv6 part declared, converged, updated in place, and its stale flows named. */
class NatPlanner6Test {
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1%s }
        - { name: six, bridge: br6, subnet6: "fd00:6::/64", snatTo6: "2001:db8::6", isolate: false }
      containers:
        - { name: a, network: n, namespace: a, ip: 10.9.0.2%s, ports: [ %s ] }
        - { name: b, network: n, namespace: b, ip: 10.9.0.3%s, ports: [ %s ] }
        - { name: c, network: six, namespace: c, ip6: "fd00:6::2", ports: [ { host: 7000, container: 70, protocol: udp } ] }
      """;
  private static final boolean DUAL = true;
  private static final String PORT = "{ host: 8080, container: 80 }";

  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);

  @BeforeEach
  void namespaces() {
    for (String ns : List.of("a", "b", "c")) {
      kernel.addNamespace(new NamespaceRef.Named(ns));
    }
  }

  /** Network n dual-stack or IPv4-only; network six IPv6-only either way. */
  private static DesiredState config(boolean dual, String portsA, String portsB) {
    String yaml = dual ? CONFIG.formatted(", subnet6: \"fd00:9::/64\"", ", ip6: \"fd00:9::2\"", portsA, ", ip6: \"fd00:9::3\"", portsB)
        : CONFIG.formatted("", "", portsA, "", portsB);
    return ConfigLoader.parse("test.yaml", yaml, false).state();
  }

  private ReplaceNatTable natStep(DesiredState desired) {
    return reconciler.plan(desired).operations().stream().filter(ReplaceNatTable.class::isInstance).map(ReplaceNatTable.class::cast)
        .findFirst().orElseThrow();
  }

  private static Ipv6PortMapping map6(int host, int container, Protocol protocol, String containerIp) {
    return new Ipv6PortMapping(host, container, protocol, Ipv6Address.parse(containerIp), Optional.empty());
  }

  @Test
  void everyNetworkWithIpv6AndEveryIpv6PortIsInTheRulesetAndApplyingConverges() {
    DesiredState desired = config(DUAL, PORT, "");

    NatRuleset ruleset = natStep(desired).ruleset();

    assertThat(ruleset.networks6()).containsExactly(
        new NatNetwork6(InterfaceName.of("br0"), Ipv6Subnet.parse("fd00:9::/64"), new Ipv6SourceNat.Masquerade(), true),
        new NatNetwork6(InterfaceName.of("br6"), Ipv6Subnet.parse("fd00:6::/64"), new Ipv6SourceNat.SnatTo(Ipv6Address.parse("2001:db8::6")), false));
    assertThat(ruleset.mappings6()).containsExactly(map6(8080, 80, Protocol.TCP, "fd00:9::2"), map6(7000, 70, Protocol.UDP, "fd00:6::2"));
    assertThat(ruleset.networks()).extracting(n -> n.bridge().value()).containsExactly("br0");
    assertThat(ruleset.mappings()).extracting(m -> m.hostPort()).containsExactly(8080);
    assertThat(natStep(desired).object()).isEqualTo("nftables tables ip and ip6 netagent");

    reconciler.apply(desired, op -> {});
    assertThat(reconciler.lastObserved().nat()).contains(ruleset);
    assertThat(reconciler.plan(desired).operations()).as("converged").isEmpty();
  }

  @Test
  void aNetworkBlockedBySomeoneElsesBridgeHasNoPartInEitherTable() {
    kernel.apply(new CreateBridge(InterfaceName.of("br0"), MacAddress.parse("02:00:00:00:00:03"), 1500, 0, "", Reason.MISSING));
    Reconciler daemon = new Reconciler(kernel, PlanPolicy.daemon(true));

    NatRuleset ruleset = daemon.plan(config(DUAL, PORT, "")).operations().stream().filter(ReplaceNatTable.class::isInstance)
        .map(ReplaceNatTable.class::cast).findFirst().orElseThrow().ruleset();

    assertThat(ruleset.networks()).as("no masquerade or isolation rule for someone else's br0").isEmpty();
    assertThat(ruleset.networks6()).extracting(n -> n.bridge().value()).containsExactly("br6");
    assertThat(ruleset.mappings()).isEmpty();
    assertThat(ruleset.mappings6()).containsExactly(map6(7000, 70, Protocol.UDP, "fd00:6::2"));
  }

  @Test
  void anIpv6PortMovedToAnotherContainerIsAMapsOnlyUpdateWithItsStaleFlows() {
    reconciler.apply(config(DUAL, PORT, ""), op -> {});

    ReplaceNatTable step = natStep(config(DUAL, "", PORT));

    assertThat(step.mapsOnly()).isEqualTo(reconciler.lastObserved().nat());
    assertThat(step.staleFlows6()).containsExactly(map6(8080, 80, Protocol.TCP, "fd00:9::2"));
    assertThat(step.staleFlows()).extracting(m -> m.containerIp().toString()).containsExactly("10.9.0.2");
    assertThat(step.changes()).extracting(NatChange::toString).containsExactly("~ map tcp 8080 → 10.9.0.3:80 (was → 10.9.0.2:80)",
        "~ map tcp 8080 → [fd00:9::3]:80 (was → [fd00:9::2]:80)");
  }

  @Test
  void aNewIpv6PortMakesTheFlowsToItsHostPortStale() {
    reconciler.apply(config(DUAL, "", ""), op -> {});

    ReplaceNatTable step = natStep(config(DUAL, "{ host: 5353, container: 53, protocol: udp }", ""));

    assertThat(step.staleFlows6()).containsExactly(map6(5353, 53, Protocol.UDP, "fd00:9::2"));
  }

  @Test
  void gainingOrLosingTheIpv6PartReplacesBothTablesWhole() {
    reconciler.apply(config(false, PORT, ""), op -> {});
    assertThat(reconciler.lastObserved().nat().orElseThrow().networks6()).as("only br6 has IPv6").hasSize(1);

    ReplaceNatTable gained = natStep(config(DUAL, PORT, ""));
    assertThat(gained.mapsOnly()).isEmpty();
    assertThat(gained.changes()).extracting(NatChange::toString)
        .contains("+ masquerade fd00:9::/64 leaving by any interface but br0, isolated", "+ map tcp 8080 → [fd00:9::2]:80");

    reconciler.apply(config(DUAL, PORT, ""), op -> {});
    String ipv4Only = """
        networks:
          - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
        containers:
          - { name: a, network: n, namespace: a, ip: 10.9.0.2, ports: [ { host: 8080, container: 80 } ] }
        """;
    ReplaceNatTable lost = natStep(ConfigLoader.parse("test.yaml", ipv4Only, false).state());
    assertThat(lost.ruleset().hasIpv6()).isFalse();
    assertThat(lost.mapsOnly()).isEmpty();
    assertThat(lost.object()).isEqualTo("nftables table ip netagent");
  }

  @Test
  void undeclaringEverythingDeletesTheTablesWithTheFlowsOfBothFamilies() {
    reconciler.apply(config(DUAL, PORT, ""), op -> {});

    DeleteNatTable delete = reconciler.plan(DesiredState.EMPTY).operations().stream().filter(DeleteNatTable.class::isInstance)
        .map(DeleteNatTable.class::cast).findFirst().orElseThrow();

    assertThat(delete.staleFlows()).hasSize(1);
    assertThat(delete.staleFlows6()).containsExactly(map6(8080, 80, Protocol.TCP, "fd00:9::2"), map6(7000, 70, Protocol.UDP, "fd00:6::2"));
  }
}
