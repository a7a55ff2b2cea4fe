package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import io.netagent.reconcile.Reconciler;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which notifications start a pass. The notification reader decodes those of both families into
 * the same kinds (an IPv6 address change is an ADDRESS event naming its ifindex, as an IPv4 one
 * is), so each IPv6 case below is judged exactly as its IPv4 twin.
 */
class RelevanceTest {
  private static final NamespaceRef A = new NamespaceRef.Named("a");
  private static final int RA_PROTOCOL = 9;

  private final Relevance relevance = new Relevance();
  private final int bridge;
  private final int uplink;

  RelevanceTest() {
    DesiredState desired = ConfigLoader.parse("r.yaml", """
        networks:
          - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, subnet6: "fd00:9::/64" }
        containers:
          - { name: a, network: n, namespace: a, createNamespace: true, ip: 10.9.0.2 }
        """, false).state();
    FakeKernel kernel = new FakeKernel();
    kernel.addDevice(NamespaceRef.HOST, InterfaceName.of("uplink0"), "dummy", MacAddress.parse("02:ff:00:00:00:01"), 1500);
    new Reconciler(kernel).apply(desired, op -> {});
    ObservedState observed = kernel.observe(Scope.whole(Set.of(A)));
    relevance.update(desired, observed);
    bridge = observed.host().link(InterfaceName.of("br0")).orElseThrow().index();
    uplink = observed.host().link(InterfaceName.of("uplink0")).orElseThrow().index();
  }

  private static KernelEvent event(NamespaceRef ns, KernelEvent.Kind kind, int index, boolean permanent, int protocol) {
    return new KernelEvent(ns, kind, index, Optional.empty(), permanent, protocol);
  }

  @Test
  void aNamespaceGoneAlwaysMattersDeclaredOrNot() {
    assertThat(relevance.matters(KernelEvent.namespaceGone(A))).isTrue();
    assertThat(relevance.matters(KernelEvent.namespaceGone(new NamespaceRef.Named("other")))).isTrue();
    assertThat(relevance.matters(KernelEvent.namespaceGone(new NamespaceRef.AtPath("/proc/1234/ns/net")))).isTrue();
  }

  @Test
  void anEventInANamespaceNoLongerDeclaredDoesNot() {
    assertThat(relevance.matters(event(new NamespaceRef.Named("other"), KernelEvent.Kind.LINK, 2, false, 0))).isFalse();
  }

  @Test
  void anAddressRemovedFromANetagentLinkMattersOfEitherFamilyAndOnTheUplinkNot() {
    // gateway6 removed from the bridge (RTM_DELADDR, AF_INET6), or a SLAAC address the uplink learnt.
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.ADDRESS, bridge, false, 0))).isTrue();
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.ADDRESS, uplink, false, 0))).isFalse();
    // ip6 removed from the container's eth0.
    assertThat(relevance.matters(event(A, KernelEvent.Kind.ADDRESS, 2, false, 0))).isTrue();
  }

  @Test
  void aRouteMattersWithNetagentsProtocolOrOnItsLinksButNotOneARouterAdvertisementGaveTheUplink() {
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.ROUTE, uplink, false, Ownership.ROUTE_PROTOCOL))).isTrue();
    // The prefix route of gateway6, the kernel's (protocol 2), gone from the bridge.
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.ROUTE, bridge, false, Route.PROTOCOL_KERNEL))).isTrue();
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.ROUTE, uplink, false, RA_PROTOCOL))).isFalse();
    // The container's ::/0 route deleted.
    assertThat(relevance.matters(event(A, KernelEvent.Kind.ROUTE, 2, false, Ownership.ROUTE_PROTOCOL))).isTrue();
  }

  @Test
  void aPermanentOrProxyNeighbourEntryRemovedFromTheBridgeMattersAndNeighbourDiscoveryNot() {
    // RTM_DELNEIGH is decoded as permanent whatever it removed: the permanent ip6 → MAC entry or the proxy entry.
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.NEIGHBOUR, bridge, true, 0))).isTrue();
    // An entry neighbour discovery made (REACHABLE, STALE...), on the bridge, in a container, on the uplink.
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.NEIGHBOUR, bridge, false, 0))).isFalse();
    assertThat(relevance.matters(event(A, KernelEvent.Kind.NEIGHBOUR, 2, false, 0))).isFalse();
    assertThat(relevance.matters(event(NamespaceRef.HOST, KernelEvent.Kind.NEIGHBOUR, uplink, true, 0))).isFalse();
  }
}
