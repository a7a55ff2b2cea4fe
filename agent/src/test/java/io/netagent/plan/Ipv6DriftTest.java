package io.netagent.plan;

import static io.netagent.testing.DualStackConfigs.DUAL;
import static io.netagent.testing.DualStackConfigs.WEB;
import static io.netagent.testing.DualStackConfigs.load;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.neighbour6;
import static io.netagent.testing.OperationFixtures.removeAddress6;
import static io.netagent.testing.OperationFixtures.removeProxy;
import static io.netagent.testing.OperationFixtures.route6;
import static io.netagent.testing.OperationFixtures.sysctl;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.MacAddress;
import io.netagent.observed.Address;
import io.netagent.observed.AddressFlag;
import io.netagent.observed.Sysctls;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.SetMtu;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone changes the IPv6 state a converged dual-stack configuration made; the next plan puts
 * back what went, in an order the kernel takes (docs/kernel-facts.md §11), and converges.
 */
class Ipv6DriftTest {
  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);
  private final DesiredState dual = load(DUAL);
  private MacAddress mac;

  @BeforeEach
  void converge() {
    reconciler.apply(dual, op -> {});
    mac = dual.containers().get(0).veth().container().mac();
  }

  /** The plan's lines; after it is applied, nothing is left to do. */
  private List<String> replanned() {
    List<String> lines = reconciler.plan(dual).operations().stream().map(op -> op.action().symbol() + " " + op.describe()).toList();
    reconciler.apply(dual, op -> {});
    assertThat(reconciler.plan(dual).operations()).as("converged again after %s", lines).isEmpty();
    return lines;
  }

  @Test
  void theBridgesIpv6AddressRemoved() {
    kernel.apply(removeAddress6(HOST, "nbr0", "fd00:88::1/64"));

    assertThat(replanned()).containsExactly("+ address fd00:88::1/64 on nbr0");
  }

  @Test
  void theContainersIpv6AddressRemovedComesBackWithItsSettings() {
    kernel.apply(removeAddress6(WEB, "eth0", "fd00:88::2/64"));

    assertThat(replanned()).containsExactly(
        "~ sysctl net.ipv6.conf.eth0.disable_ipv6 in web: set 0",
        "~ sysctl net.ipv6.conf.eth0.accept_ra in web: set 0",
        "+ address fd00:88::2/64 on web/eth0");
  }

  /** An address whose DAD failed is there but unusable: replaced by one added with nodad, which is never checked. */
  @Test
  void aContainersIpv6AddressWhoseDadFailedIsReplaced() {
    kernel.failDad(WEB, InterfaceName.of("eth0"), new Ipv6Cidr(Ipv6Address.parse("fd00:88::2"), 64));

    assertThat(reconciler.plan(dual).operations()).extracting(op -> op.action().symbol() + " " + op.describe() + "  (" + op.reason().text() + ")")
        .contains("- address fd00:88::2/64 on web/eth0  (duplicate address detection was failed, wants not run (nodad))");
    assertThat(replanned()).containsExactly(
        "- address fd00:88::2/64 on web/eth0",
        "~ sysctl net.ipv6.conf.eth0.disable_ipv6 in web: set 0",
        "~ sysctl net.ipv6.conf.eth0.accept_ra in web: set 0",
        "+ address fd00:88::2/64 on web/eth0");
    assertThat(kernel.observe(Scope.whole(Set.of(WEB))).namespace(WEB).orElseThrow().addressesOn(InterfaceName.of("eth0")))
        .extracting(Address::flags).contains(Set.of(AddressFlag.NODAD));
  }

  @Test
  void theIpv6DefaultRouteRemoved() {
    kernel.apply(new RemoveRoute(WEB, route6("::/0", "fd00:88::1", "eth0"), WHY));

    assertThat(replanned()).containsExactly("+ route default via fd00:88::1 dev eth0 in web");
  }

  @Test
  void theIpv6NeighbourEntryRemoved() {
    kernel.apply(new RemoveNeighbour(neighbour6("nbr0", "fd00:88::2", mac), WHY));

    assertThat(replanned()).containsExactly("+ neighbour fd00:88::2 → " + mac + " on nbr0");
  }

  @Test
  void theProxyEntryRemoved() {
    kernel.apply(removeProxy("nbr0", "fd00:88::2"));

    assertThat(replanned()).containsExactly("+ neighbour proxy fd00:88::2 on nbr0");
  }

  /** Down took the bridge's IPv6 address and its neighbour and proxy entries of both families (§11A A6, §11C); its IPv4 address stayed. */
  @Test
  void theBridgeSetDown() {
    kernel.setDown(HOST, name("nbr0"));

    assertThat(replanned()).containsExactly(
        "+ address fd00:88::1/64 on nbr0",
        "~ link nbr0: set up",
        "+ neighbour 10.88.0.2 → " + mac + " on nbr0",
        "+ neighbour fd00:88::2 → " + mac + " on nbr0",
        "+ neighbour proxy fd00:88::2 on nbr0");
  }

  /** The address goes before up (nodad, §11A A8), the routes after it (EHOSTUNREACH otherwise, §11B). */
  @Test
  void theContainerEndSetDown() {
    kernel.setDown(WEB, name("eth0"));

    assertThat(replanned()).containsExactly(
        "~ sysctl net.ipv6.conf.eth0.disable_ipv6 in web: set 0",
        "~ sysctl net.ipv6.conf.eth0.accept_ra in web: set 0",
        "+ address fd00:88::2/64 on web/eth0",
        "~ link web/eth0: set up",
        "+ route default via 10.88.0.1 dev eth0 in web",
        "+ route default via fd00:88::1 dev eth0 in web");
  }

  @Test
  void ipv6DisabledOnTheBridge() {
    kernel.apply(sysctl(HOST, Sysctls.disableIpv6(name("nbr0")), "1"));

    assertThat(replanned()).containsExactly(
        "~ sysctl net.ipv6.conf.nbr0.disable_ipv6: set 0",
        "+ address fd00:88::1/64 on nbr0",
        "+ neighbour fd00:88::2 → " + mac + " on nbr0",
        "+ neighbour proxy fd00:88::2 on nbr0");
  }

  /** Below 1280 the bridge lost its IPv6 state and settings (§11A A7): the MTU first, then all of it again. */
  @Test
  void theBridgesMtuSetBelow1280() {
    kernel.apply(new SetMtu(HOST, name("nbr0"), 1000, WHY));

    assertThat(replanned()).containsExactly(
        "~ link nbr0: set mtu 1500",
        "~ sysctl net.ipv6.conf.nbr0.disable_ipv6: set 0",
        "~ sysctl net.ipv6.conf.nbr0.accept_ra: set 0",
        "+ address fd00:88::1/64 on nbr0",
        "+ neighbour fd00:88::2 → " + mac + " on nbr0",
        "+ neighbour proxy fd00:88::2 on nbr0",
        "~ sysctl net.ipv6.conf.nbr0.proxy_ndp: set 1",
        "~ sysctl net.ipv6.neigh.nbr0.proxy_delay: set 0");
  }

  /** The container end's settings are not observed: they are written again with its address, after its MTU (§11A A7). */
  @Test
  void theContainerEndsMtuSetBelow1280() {
    kernel.apply(new SetMtu(WEB, name("eth0"), 1000, WHY));

    assertThat(replanned()).containsExactly(
        "~ link web/eth0: set mtu 1500",
        "~ sysctl net.ipv6.conf.eth0.disable_ipv6 in web: set 0",
        "~ sysctl net.ipv6.conf.eth0.accept_ra in web: set 0",
        "+ address fd00:88::2/64 on web/eth0",
        "+ route default via fd00:88::1 dev eth0 in web");
  }

  @Test
  void theBridgesSettingsChanged() {
    kernel.apply(sysctl(HOST, Sysctls.acceptRa(name("nbr0")), "1"));
    kernel.apply(sysctl(HOST, Sysctls.proxyNdp(name("nbr0")), "0"));
    kernel.apply(sysctl(HOST, Sysctls.proxyDelay(name("nbr0")), "80"));

    assertThat(replanned()).containsExactly(
        "~ sysctl net.ipv6.conf.nbr0.accept_ra: set 0",
        "~ sysctl net.ipv6.conf.nbr0.proxy_ndp: set 1",
        "~ sysctl net.ipv6.neigh.nbr0.proxy_delay: set 0");
  }
}
