package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Operation;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a configuration with IPv6 plans on this version: its IPv4 exactly as without the IPv6
 * keys, nothing for IPv6, and a warning per network saying so (issue 15).
 */
class Ipv6PlanTest {
  private static final String IPV4 = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
      containers:
        - name: web
          network: default
          namespace: web
          createNamespace: true
          ip: 10.88.0.2
          ports:
            - { host: 8080, container: 80 }
      """;
  private static final String DUAL = IPV4.replace("gateway: 10.88.0.1\n", "gateway: 10.88.0.1\n    subnet6: \"fd00:88::/64\"\n");
  private static final String SIX = """
      networks:
        - name: six
          bridge: nbr6
          subnet6: "fd00:6::/64"
      containers:
        - name: web
          network: six
          namespace: web
          createNamespace: true
          ports:
            - { host: 8080, container: 80 }
      """;

  private static DesiredState load(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml, false).state();
  }

  private static List<String> lines(Plan plan) {
    return plan.operations().stream().map(op -> op.action().symbol() + " " + op.describe()).toList();
  }

  @Test
  void aDualStackNetworkPlansItsIpv4AsAnIpv4OneDoesAndWarnsThatItsIpv6IsNotApplied() {
    Plan dual = new Reconciler(new FakeKernel()).plan(load(DUAL));

    List<Operation> ipv4 = new Reconciler(new FakeKernel()).plan(load(IPV4)).operations();
    assertThat(dual.operations()).filteredOn(op -> !(op instanceof ReplaceNatTable)).isEqualTo(ipv4.stream().filter(op -> !(op instanceof ReplaceNatTable)).toList());
    NatRuleset nat = dual.operations().stream().filter(ReplaceNatTable.class::isInstance).map(op -> ((ReplaceNatTable) op).ruleset()).findFirst().orElseThrow();
    NatRuleset nat4 = ipv4.stream().filter(ReplaceNatTable.class::isInstance).map(op -> ((ReplaceNatTable) op).ruleset()).findFirst().orElseThrow();
    assertThat(new NatRuleset(nat.networks(), nat.mappings())).as("the NAT's IPv4 part").isEqualTo(nat4);
    assertThat(nat.mappings6()).as("the NAT's IPv6 part (NatPlanner6Test)").hasSize(1);
    assertThat(dual.warnings()).containsExactly("IPv6 of network default is not applied yet: subnet6 fd00:88::/64, gateway6 fd00:88::1, "
        + "1 container address(es) and 1 port(s) over IPv6 are declared, but this version of netagent configures IPv4 only");
  }

  @Test
  void anIpv6OnlyNetworkGetsItsLinksWithoutAnyAddressAndConverges() {
    FakeKernel kernel = new FakeKernel();
    Reconciler reconciler = new Reconciler(kernel);
    DesiredState six = load(SIX);

    Plan plan = reconciler.plan(six);

    assertThat(lines(plan)).containsExactly(
        "+ namespace web",
        "+ bridge nbr6 (address " + six.networks().get(0).bridge().mac() + ", mtu 1500)",
        "+ veth pair veth-web ↔ web/eth0 (mtu 1500)",
        "~ link nbr6: set up",
        "~ link veth-web: set up",
        "~ link web/eth0: set up",
        "~ link veth-web: attach to nbr6",
        "~ bridge port veth-web: set proxy_arp on, hairpin on",
        "+ fdb entry " + six.containers().get(0).veth().container().mac() + " behind veth-web",
        "+ nftables tables ip and ip6 netagent");
    assertThat(plan.warnings()).containsExactly("IPv6 of network six is not applied yet: subnet6 fd00:6::/64, gateway6 fd00:6::1, "
        + "1 container address(es) and 1 port(s) over IPv6 are declared, but this version of netagent configures IPv4 only; the network "
        + "has no IPv4, so its bridge and veth pairs get no address at all");

    Plan applied = reconciler.apply(six, op -> {});
    ObservedState after = kernel.observe(Scope.whole(Set.of(new NamespaceRef.Named("web"))));

    assertThat(applied.operations()).extracting(Operation::describe).isEqualTo(plan.operations().stream().map(Operation::describe).toList());
    assertThat(reconciler.plan(six).operations()).as("converged").isEmpty();
    assertThat(after.host().addressesOn(InterfaceName.of("nbr6"))).isEmpty();
    assertThat(after.nat().orElseThrow().networks()).as("no IPv4 to NAT").isEmpty();
    assertThat(after.host().sysctl("net.ipv4.ip_forward")).as("no IPv4 to forward").isNotEqualTo(Optional.of("1"));
  }

  @Test
  void anIpv4ConfigurationHasNoIpv6Warning() {
    assertThat(new Reconciler(new FakeKernel()).plan(load(IPV4)).warnings()).isEmpty();
  }
}
