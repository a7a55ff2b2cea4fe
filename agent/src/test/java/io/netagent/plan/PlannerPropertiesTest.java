package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddAddress;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.SetMac;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetMtu;
import io.netagent.operations.SetSysctl;
import io.netagent.operations.SetUp;
import io.netagent.reconcile.PlanBlockedException;
import io.netagent.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The planner's contract, over random declared states and random starting kernels (foreign
 * objects, half-applied plans of another configuration, drift): applying the plan converges,
 * a second plan is empty, foreign objects are untouched, and teardown leaves nothing owned.
 */
class PlannerPropertiesTest {
  private static final NamespaceRef FOREIGN_NS = new NamespaceRef.Named("foreign");
  private static final InterfaceName FOREIGN_BRIDGE = InterfaceName.of("fbr0");
  private static final InterfaceName FOREIGN_VETH = InterfaceName.of("fv0");
  private static final InterfaceName FOREIGN_NIC = InterfaceName.of("eth9");

  /** A starting kernel: a half-applied plan of {@code before}, cut after {@code cut} operations, then drift. */
  record Start(Scenarios.Config before, int cut, List<int[]> drift) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("before=" + before + " cut=" + cut + " drift=");
      drift.forEach(d -> sb.append(java.util.Arrays.toString(d)));
      return sb.toString();
    }
  }

  @Provide
  Arbitrary<Scenarios.Config> configs() {
    return Scenarios.configs();
  }

  /** Something must be declared for a foreign object to stand in its way. */
  @Provide
  Arbitrary<Scenarios.Config> configsWithANetwork() {
    return Scenarios.configsWithANetwork();
  }

  @Provide
  Arbitrary<Start> starts() {
    Arbitrary<int[]> drift = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 50))
        .as((kind, target) -> new int[] {kind, target});
    return Combinators.combine(Scenarios.configs(), Arbitraries.integers().between(0, 80), drift.list().ofMaxSize(4)).as(Start::new);
  }

  @Property(tries = 1000)
  void applyingThePlanConvergesAndLeavesForeignObjectsAlone(@ForAll("configs") Scenarios.Config config, @ForAll("starts") Start start) {
    FakeKernel kernel = startingKernel(config, start);
    DesiredState desired = config.state();
    Reconciler reconciler = new Reconciler(kernel);
    Map<NamespaceRef, NamespaceState> foreignBefore = foreign(kernel);

    Plan plan = reconciler.plan(desired);
    assertThat(plan.conflicts()).as("conflicts for %s from %s", config, start).isEmpty();
    reconciler.apply(desired, op -> {});

    Plan second = reconciler.plan(desired);
    assertThat(second.operations()).as("second plan for %s from %s", config, start).isEmpty();
    ObservedState converged = kernel.observe(Scope.whole(allNamespaces()));
    reconciler.apply(desired, op -> {});
    assertThat(kernel.observe(Scope.whole(allNamespaces()))).as("a second apply is a no-op").isEqualTo(converged);
    assertThat(foreign(kernel)).as("foreign objects").isEqualTo(foreignBefore);
  }

  @Property(tries = 1000)
  void teardownLeavesNothingOwnedAndForeignObjectsAlone(@ForAll("configs") Scenarios.Config config, @ForAll("starts") Start start,
      @ForAll boolean convergeFirst) {
    FakeKernel kernel = startingKernel(config, start);
    DesiredState desired = config.state();
    Reconciler reconciler = new Reconciler(kernel);
    Map<NamespaceRef, NamespaceState> foreignBefore = foreign(kernel);
    if (convergeFirst) {
      reconciler.apply(desired, op -> {});
    }

    reconciler.teardown(desired, op -> {});

    ObservedState after = kernel.observe(Scope.whole(allNamespaces()));
    assertThat(after.ownedNamespaces()).isEmpty();
    assertThat(after.nat()).isEmpty();
    after.namespaces().forEach((ns, state) -> {
      assertThat(state.links()).as("owned links in %s", ns).noneMatch(Link::isOwned);
      assertThat(state.routes()).as("owned routes in %s", ns).noneMatch(r -> r.protocol() == Ownership.ROUTE_PROTOCOL);
    });
    assertThat(foreign(kernel)).as("foreign objects").isEqualTo(foreignBefore);
    assertThat(Planner.teardown(kernel.observe(Scope.whole(desired.namespaces()))).operations()).as("a second teardown").isEmpty();
  }

  /** What the live kernel reads for a teardown (Scope.Extent#TEARDOWN) is enough for it. */
  @Property(tries = 500)
  void aTeardownPlanLooksOnlyAtLinksRoutesAndTheNatTable(@ForAll("configs") Scenarios.Config config, @ForAll("starts") Start start,
      @ForAll boolean convergeFirst) {
    FakeKernel kernel = startingKernel(config, start);
    DesiredState desired = config.state();
    if (convergeFirst) {
      new Reconciler(kernel).apply(desired, op -> {});
    }
    ObservedState whole = kernel.observe(Scope.whole(desired.namespaces()));
    Map<NamespaceRef, NamespaceState> linksAndRoutes = new TreeMap<>();
    whole.namespaces().forEach((ns, state) -> linksAndRoutes.put(ns,
        new NamespaceState(state.links(), List.of(), state.routes(), List.of(), List.of(), List.of(), Map.of())));
    ObservedState light = new ObservedState(linksAndRoutes, whole.ownedNamespaces(), whole.nat(), Set.of(), whole.identities());

    assertThat(Planner.teardown(light).operations()).as("teardown of %s from %s", config, start)
        .isEqualTo(Planner.teardown(whole).operations());
  }

  @Property(tries = 300)
  void aForeignObjectInTheWayBlocksThePlanAndNothingChanges(@ForAll("configsWithANetwork") Scenarios.Config config,
      @ForAll("starts") Start start, @ForAll("squatters") int squatter) {
    FakeKernel kernel = startingKernel(config, start);
    DesiredState desired = config.state();
    InterfaceName taken = squatter == 0 || desired.containers().isEmpty()
        ? desired.networks().get(0).bridge().name()
        : desired.containers().get(0).veth().host().name();
    Optional<Link> existing = kernel.observe(Scope.whole(Set.of())).host().link(taken);
    if (existing.isPresent()) {
      kernel.apply(new DeleteLink(NamespaceRef.HOST, taken, existing.get().kind(), Reason.UNDECLARED));
    }
    kernel.addDevice(NamespaceRef.HOST, taken, "dummy", MacAddress.parse("02:ff:00:00:00:01"), 1500);
    ObservedState before = kernel.observe(Scope.whole(allNamespaces()));

    Reconciler reconciler = new Reconciler(kernel);
    assertThat(reconciler.plan(desired).conflicts()).extracting(Conflict::object).contains("link " + taken);
    assertThatThrownBy(() -> reconciler.apply(desired, op -> {})).isInstanceOf(PlanBlockedException.class);
    assertThat(kernel.observe(Scope.whole(allNamespaces()))).isEqualTo(before);
  }

  @Provide
  Arbitrary<Integer> squatters() {
    return Arbitraries.integers().between(0, 1);
  }

  /** Foreign objects, the namespaces the configuration expects, then a cut plan of another configuration and drift. */
  private static FakeKernel startingKernel(Scenarios.Config config, Start start) {
    FakeKernel kernel = new FakeKernel();
    kernel.addNamespace(FOREIGN_NS);
    kernel.apply(new CreateBridge(FOREIGN_BRIDGE, MacAddress.parse("02:ff:00:00:00:10"), 1500, 0, "", Reason.MISSING));
    kernel.apply(new SetUp(NamespaceRef.HOST, FOREIGN_BRIDGE, Reason.MISSING));
    kernel.apply(new AddAddress(NamespaceRef.HOST, new Address(FOREIGN_BRIDGE, Ipv4Cidr.parse("192.168.77.1/24")), Reason.MISSING));
    kernel.apply(new CreateVethPair(FOREIGN_VETH, MacAddress.parse("02:ff:00:00:00:20"), FOREIGN_NS, InterfaceName.of("eth0"),
        MacAddress.parse("02:ff:00:00:00:21"), 1500, 0, "user:mine", Reason.MISSING));
    kernel.apply(new SetMaster(NamespaceRef.HOST, FOREIGN_VETH, FOREIGN_BRIDGE, Reason.MISSING));
    kernel.addDevice(NamespaceRef.HOST, FOREIGN_NIC, "", MacAddress.parse("02:ff:00:00:00:30"), 1500);
    Set<String> needed = new TreeSet<>(config.preexistingNamespaces());
    needed.addAll(start.before().preexistingNamespaces());
    for (String ns : needed) {
      NamespaceRef ref = new NamespaceRef.Named(ns);
      kernel.addNamespace(ref);
      kernel.addDevice(ref, InterfaceName.of("dummy0"), "dummy", MacAddress.parse("02:ff:00:00:01:00"), 1500);
    }
    List<Operation> ops = Planner.plan(start.before().state(), kernel.observe(Scope.whole(start.before().state().namespaces()))).operations();
    ops.stream().limit(start.cut()).forEach(kernel::apply);
    for (int[] d : start.drift()) {
      drift(kernel, d[0], d[1]);
    }
    return kernel;
  }

  /**
   * Someone changes what netagent made: deletes, downs, re-sizes, strips an address, a
   * neighbour or a proxy entry, changes a MAC, disables a link's IPv6. Each is something the kernel lets a user do, so a refusal is a
   * fault of the fake kernel (or of this helper) and fails the property.
   */
  private static void drift(FakeKernel kernel, int kind, int target) {
    ObservedState s = kernel.observe(Scope.whole(allNamespaces()));
    List<NamespaceRef> namespaces = new ArrayList<>(s.namespaces().keySet());
    NamespaceRef ns = namespaces.get(target % namespaces.size());
    List<Link> owned = s.namespaces().get(ns).links().stream().filter(Link::isOwned).toList();
    if (owned.isEmpty()) {
      return;
    }
    Link link = owned.get(target % owned.size());
    switch (kind) {
      case 0 -> kernel.apply(new DeleteLink(ns, link.name(), link.kind(), Reason.UNDECLARED));
      case 1 -> kernel.setDown(ns, link.name());
      case 2 -> kernel.apply(new SetMtu(ns, link.name(), 1280, Reason.MISSING));
      case 3 -> s.namespaces().get(ns).addressesOn(link.name()).stream().findFirst()
          .ifPresent(a -> kernel.apply(new RemoveAddress(ns, a, Reason.UNDECLARED)));
      case 4 -> s.host().neighbours().stream().findFirst().ifPresent(n -> kernel.apply(new RemoveNeighbour(n, Reason.UNDECLARED)));
      case 6 -> s.host().proxies().stream().findFirst().ifPresent(p -> kernel.apply(new RemoveProxyNeighbour(p, Reason.UNDECLARED)));
      case 7 -> kernel.apply(new SetSysctl(ns, Sysctls.disableIpv6(link.name()), "1", Reason.MISSING));
      default -> kernel.apply(new SetMac(ns, link.name(), MacAddress.parse("02:dd:00:00:00:01"), Reason.MISSING));
    }
  }

  private static Set<NamespaceRef> allNamespaces() {
    Set<NamespaceRef> all = new TreeSet<>();
    all.add(FOREIGN_NS);
    for (int i = 0; i <= 5; i++) {
      all.add(new NamespaceRef.Named("ns" + i));
    }
    return all;
  }

  /**
   * What netagent must never touch: in the host namespace and in namespaces it did not create,
   * every link without its alias, with that link's addresses and routes.
   */
  private static Map<NamespaceRef, NamespaceState> foreign(FakeKernel kernel) {
    ObservedState s = kernel.observe(Scope.whole(allNamespaces()));
    Map<NamespaceRef, NamespaceState> result = new TreeMap<>();
    s.namespaces().forEach((ns, state) -> {
      if (s.ownedNamespaces().contains(ns)) {
        return;
      }
      List<Link> links = state.links().stream().filter(l -> !l.isOwned())
          .map(l -> new Link(0, l.name(), l.altNames(), l.kind(), l.mac(), l.mtu(), l.up(), l.group(), l.master(), l.alias(), l.peer(), l.port()))
          .toList();
      Set<InterfaceName> names = new TreeSet<>();
      links.forEach(l -> names.add(l.name()));
      result.put(ns, new NamespaceState(links,
          state.addresses().stream().filter(a -> names.contains(a.link())).toList(),
          state.routes().stream().filter(r -> names.contains(r.link()) && !r.destination().equals(Ipv4Subnet.ANY)).toList(),
          List.of(), List.of(), List.of(), Map.of()));
    });
    return result;
  }
}
