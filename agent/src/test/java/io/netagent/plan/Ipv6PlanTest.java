package io.netagent.plan;

import static io.netagent.testing.DualStackConfigs.DUAL;
import static io.netagent.testing.DualStackConfigs.IPV4;
import static io.netagent.testing.DualStackConfigs.NAMESPACES;
import static io.netagent.testing.DualStackConfigs.SIX;
import static io.netagent.testing.DualStackConfigs.WEB;
import static io.netagent.testing.DualStackConfigs.load;
import static io.netagent.testing.OperationFixtures.addAddress;
import static io.netagent.testing.OperationFixtures.added6;
import static io.netagent.testing.OperationFixtures.address6;
import static io.netagent.testing.OperationFixtures.address;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.neighbour6;
import static io.netagent.testing.OperationFixtures.neighbour;
import static io.netagent.testing.OperationFixtures.proxy;
import static io.netagent.testing.OperationFixtures.removeAddress6;
import static io.netagent.testing.OperationFixtures.removeAddress;
import static io.netagent.testing.OperationFixtures.route6;
import static io.netagent.testing.OperationFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.observed.Route;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddRoute;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetUp;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a configuration with IPv6 plans against the fake kernel (issue 15, docs/kernel-facts.md §11): the state, its order, its families apart. */
class Ipv6PlanTest {
  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);

  private static List<String> lines(Plan plan) {
    return plan.operations().stream().map(op -> op.action().symbol() + " " + op.describe()).toList();
  }

  private ObservedState observed() {
    return kernel.observe(Scope.whole(NAMESPACES));
  }

  private static MacAddress containerMac(DesiredState state) {
    return state.containers().get(0).veth().container().mac();
  }

  @Test
  void aDualStackConfigurationConvergesOnAnEmptyKernelWithEveryIpv6Object() {
    DesiredState dual = load(DUAL);

    reconciler.apply(dual, op -> {});

    assertThat(reconciler.plan(dual).operations()).as("converged").isEmpty();
    ObservedState after = observed();
    NamespaceState host = after.host();
    MacAddress mac = containerMac(dual);
    assertThat(host.addressesOn(name("nbr0"))).containsExactlyInAnyOrder(address("nbr0", "10.88.0.1/16"), added6("nbr0", "fd00:88::1/64"));
    assertThat(host.addressesOn(name("veth-web"))).isEmpty();
    assertThat(host.neighbours()).containsExactlyInAnyOrder(neighbour("nbr0", "10.88.0.2", mac), neighbour6("nbr0", "fd00:88::2", mac));
    assertThat(host.proxies()).containsExactly(proxy("nbr0", "fd00:88::2"));
    assertThat(host.sysctls()).containsEntry(Sysctls.disableIpv6(name("nbr0")), "0").containsEntry(Sysctls.acceptRa(name("nbr0")), "0")
        .containsEntry(Sysctls.proxyNdp(name("nbr0")), "1").containsEntry(Sysctls.proxyDelay(name("nbr0")), "0")
        .containsEntry(Sysctls.IPV6_FORWARDING, "1").containsEntry(Sysctls.IP_FORWARD, "1");
    NamespaceState web = after.namespace(WEB).orElseThrow();
    assertThat(web.addressesOn(name("eth0"))).containsExactlyInAnyOrder(address("eth0", "10.88.0.2/16"), added6("eth0", "fd00:88::2/64"));
    assertThat(web.routes()).contains(route("0.0.0.0/0", "10.88.0.1", "eth0"), route6("::/0", "fd00:88::1", "eth0"));
  }

  @Test
  void anIpv6OnlyNetworkIsPlannedInAnOrderTheKernelTakesAndConverges() {
    DesiredState six = load(SIX);
    MacAddress mac = containerMac(six);

    Plan plan = reconciler.plan(six);

    assertThat(lines(plan)).containsExactly(
        "+ namespace web",
        "+ bridge nbr6 (address " + six.networks().get(0).bridge().mac() + ", mtu 1500)",
        "+ veth pair veth-web ↔ web/eth0 (mtu 1500)",
        "~ sysctl net.ipv6.conf.eth0.disable_ipv6 in web: set 0",
        "~ sysctl net.ipv6.conf.eth0.accept_ra in web: set 0",
        "~ sysctl net.ipv6.conf.nbr6.disable_ipv6: set 0",
        "~ sysctl net.ipv6.conf.nbr6.accept_ra: set 0",
        "+ address fd00:6::1/64 on nbr6",
        "+ address fd00:6::2/64 on web/eth0",
        "~ link nbr6: set up",
        "~ link veth-web: set up",
        "~ link web/eth0: set up",
        "~ link veth-web: attach to nbr6",
        "~ bridge port veth-web: set proxy_arp on, hairpin on",
        "+ route default via fd00:6::1 dev eth0 in web",
        "+ neighbour fd00:6::2 → " + mac + " on nbr6",
        "+ neighbour proxy fd00:6::2 on nbr6",
        "+ fdb entry " + mac + " behind veth-web",
        "~ sysctl net.ipv6.conf.nbr6.proxy_ndp: set 1",
        "~ sysctl net.ipv6.neigh.nbr6.proxy_delay: set 0",
        "~ sysctl net.ipv6.conf.all.forwarding: set 1",
        "+ nftables tables ip and ip6 netagent");
    assertThat(plan.warnings()).isEmpty();

    reconciler.apply(six, op -> {});

    assertThat(reconciler.plan(six).operations()).as("converged").isEmpty();
    assertThat(observed().host().addresses()).noneMatch(a -> a.cidr().address() instanceof Ipv4Address);
    assertThat(observed().host().sysctl(Sysctls.IP_FORWARD)).as("no IPv4 to forward").contains("0");
  }

  @Test
  void theIpv4OfADualStackNetworkIsPlannedAsWithoutIpv6() {
    List<Operation> ipv4 = new Reconciler(new FakeKernel()).plan(load(IPV4)).operations().stream()
        .filter(op -> !(op instanceof ReplaceNatTable)).toList();

    assertThat(reconciler.plan(load(DUAL)).operations()).containsAll(ipv4);
  }

  @Test
  void teardownRemovesEveryIpv6Object() {
    DesiredState dual = load(DUAL);
    reconciler.apply(dual, op -> {});

    reconciler.teardown(dual, op -> {});

    ObservedState after = observed();
    assertThat(after.host().addresses()).noneMatch(a -> a.link().equals(name("nbr0")));
    assertThat(after.host().neighbours()).isEmpty();
    assertThat(after.host().proxies()).isEmpty();
    assertThat(after.namespace(WEB)).isEmpty();
    assertThat(Planner.teardown(after).operations()).isEmpty();
  }

  /** An IPv4 address of another prefix is replaced; the IPv6 address, route and neighbour entries are not touched. */
  @Test
  void theFamiliesArePlannedApartWhenAnIpv4AddressHasTheWrongPrefix() {
    DesiredState dual = load(DUAL);
    reconciler.apply(dual, op -> {});
    kernel.apply(removeAddress(WEB, "eth0", "10.88.0.2/16"));
    kernel.apply(addAddress(WEB, "eth0", "10.88.0.2/24"));
    kernel.apply(removeAddress(NamespaceRef.HOST, "nbr0", "10.88.0.1/16"));
    kernel.apply(addAddress(NamespaceRef.HOST, "nbr0", "10.88.0.1/24"));

    Plan plan = reconciler.plan(dual);

    assertThat(lines(plan)).containsExactly(
        "- address 10.88.0.1/24 on nbr0",
        "- address 10.88.0.2/24 on web/eth0",
        "+ address 10.88.0.1/16 on nbr0",
        "+ address 10.88.0.2/16 on web/eth0",
        "+ route default via 10.88.0.1 dev eth0 in web",
        "+ neighbour 10.88.0.2 → " + containerMac(dual) + " on nbr0");
    reconciler.apply(dual, op -> {});
    assertThat(reconciler.plan(dual).operations()).isEmpty();
  }

  /** An IPv6 address of another prefix is replaced (the kernel refuses the address while it has it, EEXIST); IPv4 is not touched. */
  @Test
  void theFamiliesArePlannedApartWhenAnIpv6AddressHasTheWrongPrefix() {
    DesiredState dual = load(DUAL);
    reconciler.apply(dual, op -> {});
    kernel.apply(removeAddress6(NamespaceRef.HOST, "nbr0", "fd00:88::1/64"));
    kernel.apply(new AddAddress(NamespaceRef.HOST, address6("nbr0", "fd00:88::1/80"), Reason.MISSING));

    Plan plan = reconciler.plan(dual);

    assertThat(lines(plan)).containsExactly("- address fd00:88::1/80 on nbr0", "+ address fd00:88::1/64 on nbr0");
    reconciler.apply(dual, op -> {});
    assertThat(reconciler.plan(dual).operations()).isEmpty();
  }

  @Test
  void aForeignIpv6DefaultRouteBlocksTheContainer() {
    DesiredState dual = load(DUAL);
    reconciler.apply(dual, op -> {});
    Route owned = route6("::/0", "fd00:88::1", "eth0");
    kernel.apply(new RemoveRoute(WEB, owned, Reason.UNDECLARED));
    kernel.apply(new AddRoute(WEB, Route.via(Ipv6Subnet.ANY, Ipv6Address.parse("fd00:88::9"), name("eth0"), 4), Reason.MISSING));

    Plan plan = reconciler.plan(dual);

    assertThat(plan.conflicts()).extracting(Conflict::message)
        .containsExactly("namespace web already has an IPv6 default route that netagent does not manage");
    assertThat(plan.isBlocked()).isTrue();
  }

  /** A dummy device of someone else's in the container's namespace, up, with an address of each family and a default route of {@code family}. */
  private void foreignDefaultRoute(boolean ipv6) {
    kernel.addDevice(WEB, name("dummy0"), "dummy", MacAddress.parse("02:ff:00:00:00:01"), 1500);
    kernel.apply(new SetUp(WEB, name("dummy0"), Reason.MISSING));
    if (ipv6) {
      kernel.apply(new AddAddress(WEB, address6("dummy0", "fd00:99::2/64"), Reason.MISSING));
      kernel.apply(new AddRoute(WEB, Route.via(Ipv6Subnet.ANY, Ipv6Address.parse("fd00:99::1"), name("dummy0"), 4), Reason.MISSING));
    } else {
      kernel.apply(new AddAddress(WEB, address("dummy0", "192.168.9.2/24"), Reason.MISSING));
      kernel.apply(new AddRoute(WEB, Route.via(Ipv4Subnet.ANY, Ipv4Address.parse("192.168.9.1"), name("dummy0"), 4),
          Reason.MISSING));
    }
  }

  @Test
  void aForeignIpv4DefaultRouteIsNoConflictForAContainerOnAnIpv6OnlyNetwork() {
    DesiredState six = load(SIX);
    reconciler.apply(six, op -> {});
    foreignDefaultRoute(false);

    Plan plan = reconciler.plan(six);

    assertThat(plan.conflicts()).isEmpty();
    assertThat(plan.operations()).isEmpty();
  }

  @Test
  void aForeignIpv6DefaultRouteIsNoConflictForAContainerOnAnIpv4OnlyNetwork() {
    DesiredState ipv4 = load(IPV4);
    reconciler.apply(ipv4, op -> {});
    foreignDefaultRoute(true);

    Plan plan = reconciler.plan(ipv4);

    assertThat(plan.conflicts()).isEmpty();
    assertThat(plan.operations()).isEmpty();
  }

  @Test
  void onADualStackNetworkEachFamilysForeignDefaultRouteIsAConflictOfItsOwn() {
    DesiredState dual = load(DUAL);
    reconciler.apply(dual, op -> {});
    kernel.apply(new RemoveRoute(WEB, route("0.0.0.0/0", "10.88.0.1", "eth0"), Reason.UNDECLARED));
    foreignDefaultRoute(false);

    assertThat(reconciler.plan(dual).conflicts()).extracting(Conflict::message)
        .containsExactly("namespace web already has a default route that netagent does not manage");
  }

  /** The model gives a container every family of its network: one without ip6 gets one allocated, and its IPv6 objects. */
  @Test
  void aContainerWithoutIp6OnADualStackNetworkGetsItsAllocatedAddressesObjects() {
    DesiredState dual = load(DUAL.replace("      ip6: \"fd00:88::2\"\n", ""));
    Ipv6Address allocated = dual.containers().get(0).ipv6().orElseThrow().address();

    reconciler.apply(dual, op -> {});

    assertThat(reconciler.plan(dual).operations()).isEmpty();
    assertThat(observed().host().proxies()).containsExactly(new ProxyNeighbour(name("nbr0"), allocated));
  }
}
