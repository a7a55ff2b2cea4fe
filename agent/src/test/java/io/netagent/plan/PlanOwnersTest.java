package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Operation;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every operation and conflict of a plan carries its owner, given by the planner when it planned
 * it. The property checks it against an independent derivation from what each operation touches
 * (its namespace, link, neighbour address), which is how the status report used to find owners
 * after the fact.
 */
class PlanOwnersTest {
  private static final String CONFIG = """
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
          namespace: web
          createNamespace: true
          ip: 10.88.0.2
          ports:
            - { host: 8080, container: 80 }
        - name: db
          network: default
          namespace: db
          createNamespace: true
          ip: 10.88.0.3
      """;

  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);

  @Test
  void aFreshPlanGivesEachOperationToTheObjectItBuilds() {
    Plan plan = reconciler.plan(load(CONFIG));

    Map<String, Owner> owners = new TreeMap<>();
    plan.steps().forEach(s -> owners.put(s.operation().describe(), s.owner()));
    assertThat(owners).containsEntry("namespace web", Owner.container("web"))
        .containsEntry("veth pair veth-db ↔ db/eth0 (mtu 1500)", Owner.container("db"))
        .containsEntry("address 10.88.0.1/16 on nbr0", Owner.network("default"))
        .containsEntry("link nbr0: set up", Owner.network("default"))
        .containsEntry("link web/eth0: set up", Owner.container("web"))
        .containsEntry("link veth-web: attach to nbr0", Owner.container("web"))
        .containsEntry("route default via 10.88.0.1 dev eth0 in db", Owner.container("db"))
        .containsEntry("sysctl net.ipv4.ip_forward: set 1", Owner.HOST)
        .containsEntry("sysctl net.ipv4.conf.nbr0.route_localnet: set 1", Owner.network("default"))
        .containsEntry("nftables table ip netagent", Owner.NAT_TABLE);
    assertThat(plan.steps()).filteredOn(s -> s.operation() instanceof SetNeighbour).extracting(PlannedOperation::owner)
        .containsExactly(Owner.container("web"), Owner.container("db"), Owner.network("default"));
  }

  @Test
  void whatIsNoLongerDeclaredBelongsToNothingDeclared() {
    reconciler.apply(load(CONFIG), op -> {});

    Plan plan = reconciler.plan(load(CONFIG.substring(0, CONFIG.indexOf("  - name: db"))));

    assertThat(plan.steps()).filteredOn(s -> s.owner().equals(Owner.UNDECLARED)).extracting(s -> s.operation().describe())
        .containsExactly("veth veth-db", "namespace db");
    assertThat(plan.steps()).filteredOn(s -> s.operation() instanceof RemoveNeighbour).extracting(PlannedOperation::owner)
        .containsExactly(Owner.network("default"));
  }

  @Test
  void aTeardownBelongsToNothingDeclared() {
    reconciler.apply(load(CONFIG), op -> {});

    Plan plan = Planner.teardown(kernel.observe(Scope.whole(load(CONFIG).namespaces())));

    assertThat(plan.operations()).hasAtLeastOneElementOfType(DeleteLinkGroup.class).hasAtLeastOneElementOfType(DeleteNamespaces.class);
    assertThat(plan.steps()).extracting(PlannedOperation::owner).containsOnly(Owner.UNDECLARED);
  }

  @Test
  void aConflictBelongsToWhatItBlocks() {
    kernel.addDevice(NamespaceRef.HOST, InterfaceName.of("veth-db"), "dummy", MacAddress.parse("02:ff:00:00:00:01"), 1500);
    kernel.addDevice(NamespaceRef.HOST, InterfaceName.of("nbr1"), "dummy", MacAddress.parse("02:ff:00:00:00:02"), 1500);
    String config = """
        networks:
          - { name: default, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1 }
          - { name: other, bridge: nbr1, subnet: 10.89.0.0/16, gateway: 10.89.0.1 }
        containers:
          - { name: web, network: default, namespace: web, ip: 10.88.0.2 }
          - { name: db, network: default, namespace: db, createNamespace: true, ip: 10.88.0.3 }
        """;

    Plan plan = reconciler.plan(load(config));

    assertThat(plan.conflicts()).extracting(c -> c.owner() + ": " + c.object())
        .containsExactlyInAnyOrder("container web: namespace web", "container db: link veth-db", "network other: link nbr1");
  }

  @Provide
  Arbitrary<Scenarios.Config> configs() {
    return Scenarios.configs();
  }

  /** From a kernel another configuration left half-made, each owner is what the operation touches. */
  @Property(tries = 500)
  void everyOperationBelongsToWhatItTouches(@ForAll("configs") Scenarios.Config config, @ForAll("configs") Scenarios.Config before) {
    FakeKernel start = new FakeKernel();
    before.preexistingNamespaces().forEach(ns -> start.addNamespace(new NamespaceRef.Named(ns)));
    config.preexistingNamespaces().stream().filter(ns -> !before.preexistingNamespaces().contains(ns))
        .forEach(ns -> start.addNamespace(new NamespaceRef.Named(ns)));
    new Reconciler(start).apply(before.state(), op -> {});
    DesiredState desired = config.state();

    Plan plan = new Reconciler(start).plan(desired);

    for (PlannedOperation step : plan.steps()) {
      assertThat(step.owner()).as("owner of %s for %s after %s", step.operation().describe(), config, before)
          .isEqualTo(touched(step.operation(), desired));
    }
    for (Conflict conflict : plan.conflicts()) {
      assertThat(conflict.owner()).as("owner of conflict %s", conflict).isIn(desired.containers().stream()
          .map(c -> Owner.container(c.name())).toList(), desired.networks().stream().map(n -> Owner.network(n.name())).toList());
    }
  }

  /** Whom an operation belongs to, judged only by the namespace, link or address it touches. */
  private static Owner touched(Operation op, DesiredState desired) {
    if (op instanceof DeleteLinkGroup || op instanceof DeleteNamespaces || op instanceof DeleteNamespace) {
      return Owner.UNDECLARED;
    }
    if (op instanceof ReplaceNatTable || op instanceof DeleteNatTable) {
      return desired.networks().isEmpty() ? Owner.UNDECLARED : Owner.NAT_TABLE;
    }
    if (op instanceof SetSysctl s && !(s.namespace() instanceof NamespaceRef.Host)) {
      return byNamespace(desired, s.namespace()).orElse(Owner.UNDECLARED);
    }
    if (op instanceof SetSysctl s) {
      return desired.networks().stream().filter(n -> bridgeSettings(n.bridge().name()).contains(s.key())).findFirst()
          .map(n -> Owner.network(n.name())).orElse(Owner.HOST);
    }
    if (op instanceof AddProxyNeighbour p) {
      return byIp(desired, p.proxy().link(), p.proxy().ip());
    }
    if (op instanceof RemoveProxyNeighbour p) {
      return byIp(desired, p.proxy().link(), p.proxy().ip());
    }
    if (op instanceof CreateNamespace || op instanceof AddRoute || op instanceof RemoveRoute) {
      return byNamespace(desired, op.namespace()).orElse(Owner.UNDECLARED);
    }
    if (op instanceof SetNeighbour n) {
      return byIp(desired, n.neighbour().link(), n.neighbour().ip());
    }
    if (op instanceof RemoveNeighbour n) {
      return byIp(desired, n.neighbour().link(), n.neighbour().ip());
    }
    return op.link().flatMap(link -> byLink(desired, op.namespace(), link)).orElse(Owner.UNDECLARED);
  }

  private static List<String> bridgeSettings(InterfaceName bridge) {
    return List.of(Sysctls.routeLocalnet(bridge), Sysctls.disableIpv6(bridge), Sysctls.acceptRa(bridge), Sysctls.proxyNdp(bridge),
        Sysctls.proxyDelay(bridge));
  }

  private static Optional<Owner> byNamespace(DesiredState desired, NamespaceRef ns) {
    return desired.containers().stream().filter(c -> c.namespace().equals(ns)).findFirst().map(c -> Owner.container(c.name()));
  }

  private static Optional<Owner> byLink(DesiredState desired, NamespaceRef ns, InterfaceName link) {
    if (ns instanceof NamespaceRef.Host) {
      Optional<Owner> network = desired.networks().stream().filter(n -> n.bridge().name().equals(link)).findFirst()
          .map(n -> Owner.network(n.name()));
      return network.or(() -> desired.containers().stream().filter(c -> c.veth().host().name().equals(link)).findFirst()
          .map(c -> Owner.container(c.name())));
    }
    return desired.containers().stream().filter(c -> c.namespace().equals(ns) && c.veth().container().name().equals(link))
        .findFirst().map(c -> Owner.container(c.name()));
  }

  private static Owner byIp(DesiredState desired, InterfaceName bridge, IpAddress ip) {
    Optional<Network> network = desired.networks().stream().filter(n -> n.bridge().name().equals(bridge)).findFirst();
    Optional<Container> container = desired.containers().stream()
        .filter(c -> (c.ipv4().map(a -> a.address().equals(ip)).orElse(false) || c.ipv6().map(a -> a.address().equals(ip)).orElse(false)) && network.map(n -> n.name().equals(c.network())).orElse(false))
        .findFirst();
    return container.map(c -> Owner.container(c.name())).or(() -> network.map(n -> Owner.network(n.name()))).orElse(Owner.UNDECLARED);
  }

  private static DesiredState load(String yaml) {
    return ConfigLoader.parse("owners.yaml", yaml, false).state();
  }
}
