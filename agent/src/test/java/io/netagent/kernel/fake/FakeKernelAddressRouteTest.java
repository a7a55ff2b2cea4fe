package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.HOST;
import static io.netagent.kernel.fake.FakeKernelFixtures.WHY;
import static io.netagent.kernel.fake.FakeKernelFixtures.addAddress;
import static io.netagent.kernel.fake.FakeKernelFixtures.addRoute;
import static io.netagent.kernel.fake.FakeKernelFixtures.address;
import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.bridge;
import static io.netagent.kernel.fake.FakeKernelFixtures.createNamespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.mac;
import static io.netagent.kernel.fake.FakeKernelFixtures.name;
import static io.netagent.kernel.fake.FakeKernelFixtures.named;
import static io.netagent.kernel.fake.FakeKernelFixtures.namespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.kernel.fake.FakeKernelFixtures.removeAddress;
import static io.netagent.kernel.fake.FakeKernelFixtures.route;
import static io.netagent.kernel.fake.FakeKernelFixtures.subnetRoute;
import static io.netagent.kernel.fake.FakeKernelFixtures.up;
import static io.netagent.kernel.fake.FakeKernelFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.error.KernelException;
import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.plan.RemoveRoute;
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
    kernel.addDevice(HOST, name("eth0"), "", mac("eth0"), 1500);
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
    assertThat(namespace(kernel, web).addresses()).containsExactly(address("eth0", "10.88.0.2/16"));
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
}
