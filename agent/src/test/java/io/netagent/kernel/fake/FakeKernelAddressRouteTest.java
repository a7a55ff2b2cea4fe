package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.namespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.addAddress;
import static io.netagent.testing.OperationFixtures.addRoute;
import static io.netagent.testing.OperationFixtures.address;
import static io.netagent.testing.OperationFixtures.bridge;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.macFor;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.removeAddress;
import static io.netagent.testing.OperationFixtures.route;
import static io.netagent.testing.OperationFixtures.subnetRoute;
import static io.netagent.testing.OperationFixtures.up;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.SetSysctl;
import org.junit.jupiter.api.Test;

class FakeKernelAddressRouteTest {
  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef.Named web = named("web");

  @Test
  void addingAssignedAddressAgainIsEexistAddressAlreadyAssigned() {
    applyAll(kernel, bridge("br0"), addAddress(HOST, "br0", "10.88.0.1/16"));

    KernelException refused = refusal(kernel, addAddress(HOST, "br0", "10.88.0.1/16"));

    assertThat(refused.errno()).isEqualTo(Errno.EEXIST);
    assertThat(refused.kernelMessage()).isEqualTo("ipv4: Address already assigned");
    assertThat(host(kernel).addresses()).hasSize(1);
  }

  /** find_matching_ifa() matches on local address and mask: another prefix length is another address. */
  @Test
  void sameAddressWithOtherPrefixLengthIsAnotherAddress() {
    applyAll(kernel, bridge("br0"), addAddress(HOST, "br0", "10.88.0.1/16"), addAddress(HOST, "br0", "10.88.0.1/24"));

    assertThat(host(kernel).addresses()).containsExactlyInAnyOrder(address("br0", "10.88.0.1/16"), address("br0", "10.88.0.1/24"));
  }

  @Test
  void addingAddressToMissingLinkIsEnodev() {
    assertThat(refusal(kernel, addAddress(HOST, "br0", "10.88.0.1/16")).errno()).isEqualTo(Errno.ENODEV);
  }

  @Test
  void removingAbsentAddressIsEaddrnotavail() {
    applyAll(kernel, bridge("br0"), addAddress(HOST, "br0", "10.88.0.1/16"));

    assertThat(refusal(kernel, removeAddress(HOST, "br0", "10.88.0.2/16")).errno()).isEqualTo(Errno.EADDRNOTAVAIL);
  }

  @Test
  void subnetRouteExistsOnlyWhileLinkIsUp() {
    applyAll(kernel, bridge("br0"), addAddress(HOST, "br0", "10.88.0.1/16"));
    assertThat(host(kernel).routes()).isEmpty();

    kernel.apply(up(HOST, "br0"));
    assertThat(host(kernel).routes()).containsExactly(subnetRoute("10.88.0.0/16", "br0"));

    kernel.setDown(HOST, name("br0"));
    assertThat(host(kernel).routes()).isEmpty();
  }

  @Test
  void slash32AddressHasNoSubnetRoute() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), addAddress(HOST, "br0", "10.88.0.1/32"));

    assertThat(host(kernel).routes()).isEmpty();
  }

  @Test
  void gatewayNotReachableThroughTheLinkIsEnetunreachInvalidGateway() {
    kernel.addDevice(HOST, name("eth0"), "", macFor("eth0"), 1500);
    applyAll(kernel, up(HOST, "eth0"), addAddress(HOST, "eth0", "192.168.1.10/24"),
        bridge("br0"), up(HOST, "br0"), addAddress(HOST, "br0", "10.88.0.1/16"));

    KernelException refused = refusal(kernel, addRoute(HOST, route("10.99.0.0/16", "192.168.1.1", "br0")));

    assertThat(refused.errno()).isEqualTo(Errno.ENETUNREACH);
    assertThat(refused.kernelMessage()).isEqualTo("Nexthop has invalid gateway");
  }

  @Test
  void gatewayInSubnetOfTheLinkIsAccepted() {
    containerWithAddress();

    kernel.apply(addRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0")));

    assertThat(namespace(kernel, web).routes()).contains(route("0.0.0.0/0", "10.88.0.1", "eth0"));
  }

  @Test
  void addingSameDestinationTwiceIsEexist() {
    containerWithAddress();
    kernel.apply(addRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0")));

    assertThat(refusal(kernel, addRoute(web, route("0.0.0.0/0", "10.88.0.254", "eth0"))).errno()).isEqualTo(Errno.EEXIST);
    assertThat(refusal(kernel, addRoute(web, route("10.88.0.0/16", null, "eth0"))).errno()).isEqualTo(Errno.EEXIST);
  }

  @Test
  void removingAbsentRouteIsEsrch() {
    containerWithAddress();

    KernelException refused = refusal(kernel, new RemoveRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0"), WHY));

    assertThat(refused.errno()).isEqualTo(Errno.ESRCH);
  }

  @Test
  void removingLastAddressOfLinkFlushesRoutesViaIt() {
    containerWithAddress();
    applyAll(kernel, addAddress(web, "eth0", "10.89.0.2/16"), addRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0")));

    kernel.apply(removeAddress(web, "eth0", "10.89.0.2/16"));
    assertThat(namespace(kernel, web).routes()).contains(route("0.0.0.0/0", "10.88.0.1", "eth0"));

    kernel.apply(removeAddress(web, "eth0", "10.88.0.2/16"));
    assertThat(namespace(kernel, web).routes()).isEmpty();
  }

  @Test
  void settingLinkDownFlushesRoutesViaIt() {
    containerWithAddress();
    kernel.apply(addRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0")));

    kernel.setDown(web, name("eth0"));

    assertThat(namespace(kernel, web).routes()).isEmpty();
    assertThat(namespace(kernel, web).addresses()).containsExactly(address("lo", "127.0.0.1/8"), address("eth0", "10.88.0.2/16"));
  }

  /** fib_check_nh_nongw(): a device route needs IFF_UP on its device. */
  @Test
  void deviceRouteViaDownLinkIsEnetdownDeviceNotUp() {
    kernel.apply(bridge("br0"));

    KernelException refused = refusal(kernel, addRoute(HOST, route("10.99.0.0/24", null, "br0")));

    assertThat(refused.errno()).isEqualTo(Errno.ENETDOWN);
    assertThat(refused.kernelMessage()).isEqualTo("Device for nexthop is not up");
  }

  private void containerWithAddress() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"), addAddress(web, "eth0", "10.88.0.2/16"), up(web, "eth0"));
  }

  /** inet_del_ifa: without promote_secondaries, the secondaries (same subnet, same link) go with their primary. */
  @Test
  void removingAPrimaryTakesItsSecondariesWithIt() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), addAddress(HOST, "br0", "10.88.0.1/24"), addAddress(HOST, "br0", "10.88.0.2/24"),
        addAddress(HOST, "br0", "10.88.1.1/16"));
    assertThat(host(kernel).routes()).containsExactlyInAnyOrder(subnetRoute("10.88.0.0/24", "br0"), subnetRoute("10.88.0.0/16", "br0"));

    kernel.apply(removeAddress(HOST, "br0", "10.88.0.1/24"));

    assertThat(host(kernel).addresses()).containsExactly(address("br0", "10.88.1.1/16"));
    assertThat(host(kernel).routes()).containsExactly(subnetRoute("10.88.0.0/16", "br0"));
  }

  /** With promote_secondaries (all or the link's own), the first secondary becomes the primary and keeps the subnet route. */
  @Test
  void withPromoteSecondariesASecondaryTakesThePrimarysPlace() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), new SetSysctl(HOST, "net.ipv4.conf.br0.promote_secondaries", "1", WHY),
        addAddress(HOST, "br0", "10.88.0.1/24"), addAddress(HOST, "br0", "10.88.0.2/24"), addAddress(HOST, "br0", "10.88.0.3/24"));

    kernel.apply(removeAddress(HOST, "br0", "10.88.0.1/24"));

    assertThat(host(kernel).addresses()).containsExactly(address("br0", "10.88.0.2/24"), address("br0", "10.88.0.3/24"));
    assertThat(host(kernel).routes()).containsExactly(subnetRoute("10.88.0.0/24", "br0"));
  }

  /** fib_check_nh_v4_gw: the link's own address is a local route through it; the device must then be up. */
  @Test
  void gatewayThatIsTheLinksOwnAddressNeedsTheLinkUp() {
    applyAll(kernel, bridge("br0"), bridge("br1"), addAddress(HOST, "br0", "10.88.0.1/24"));

    assertThat(refusal(kernel, addRoute(HOST, route("10.99.0.0/16", "10.88.0.1", "br0"))).errno()).isEqualTo(Errno.ENETDOWN);
    applyAll(kernel, up(HOST, "br0"), up(HOST, "br1"));
    assertThat(refusal(kernel, addRoute(HOST, route("10.99.0.0/16", "10.88.0.1", "br1"))).errno()).isEqualTo(Errno.ENETUNREACH);
    kernel.apply(addRoute(HOST, route("10.99.0.0/16", "10.88.0.1", "br0")));
  }

  /** The subnet's broadcast address resolves to a broadcast route: no gateway; the network address is an ordinary one. */
  @Test
  void broadcastGatewayIsEinvalNetworkAddressIsAccepted() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), addAddress(HOST, "br0", "10.88.0.1/24"));

    KernelException refused = refusal(kernel, addRoute(HOST, route("10.99.0.0/16", "10.88.0.255", "br0")));

    assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
    assertThat(refused.kernelMessage()).isEqualTo("Nexthop has invalid gateway");
    kernel.apply(addRoute(HOST, route("10.99.0.0/16", "10.88.0.0", "br0")));
  }

  /** A gateway resolves through a route of scope link (a subnet or device route), never through another gateway. */
  @Test
  void gatewayResolvesThroughDeviceRoutesButNotThroughGatewayRoutes() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), addRoute(HOST, route("10.90.0.0/16", null, "br0")),
        addRoute(HOST, route("10.91.0.0/16", "10.90.0.1", "br0")));

    assertThat(refusal(kernel, addRoute(HOST, route("10.92.0.0/16", "10.91.0.1", "br0"))).errno()).isEqualTo(Errno.ENETUNREACH);
  }

  /** Loopback's whole subnet is local: any address in it is a gateway through lo, not only the one assigned. */
  @Test
  void anyAddressOfALoopbackSubnetIsAGatewayThroughLo() {
    applyAll(kernel, up(HOST, "lo"), addAddress(HOST, "lo", "10.60.0.1/24"));

    kernel.apply(addRoute(HOST, route("10.99.0.0/16", "10.60.0.7", "lo")));

    assertThat(host(kernel).routes()).contains(route("10.99.0.0/16", "10.60.0.7", "lo"));
  }

  @Test
  void removingARouteThroughAMissingLinkIsEnodev() {
    assertThat(refusal(kernel, new RemoveRoute(HOST, route("0.0.0.0/0", "10.88.0.1", "eth9"), WHY)).errno()).isEqualTo(Errno.ENODEV);
  }
}
