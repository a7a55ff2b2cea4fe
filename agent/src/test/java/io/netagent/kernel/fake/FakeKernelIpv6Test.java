package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.namespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.MTU;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.addAddress6;
import static io.netagent.testing.OperationFixtures.addAddress;
import static io.netagent.testing.OperationFixtures.addProxy;
import static io.netagent.testing.OperationFixtures.addRoute;
import static io.netagent.testing.OperationFixtures.added6;
import static io.netagent.testing.OperationFixtures.address;
import static io.netagent.testing.OperationFixtures.bridge;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.macFor;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.neighbour6;
import static io.netagent.testing.OperationFixtures.neighbour;
import static io.netagent.testing.OperationFixtures.prefixRoute6;
import static io.netagent.testing.OperationFixtures.proxy;
import static io.netagent.testing.OperationFixtures.removeAddress6;
import static io.netagent.testing.OperationFixtures.removeAddress;
import static io.netagent.testing.OperationFixtures.removeProxy;
import static io.netagent.testing.OperationFixtures.route6;
import static io.netagent.testing.OperationFixtures.route;
import static io.netagent.testing.OperationFixtures.setNeighbour;
import static io.netagent.testing.OperationFixtures.sysctl;
import static io.netagent.testing.OperationFixtures.up;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.model.IpFamily;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Sysctls;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.SetAlias;
import io.netagent.operations.SetGroup;
import io.netagent.operations.SetMac;
import io.netagent.operations.SetMtu;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake's IPv6 rules, each as docs/kernel-facts.md §11 states the real kernel's. */
class FakeKernelIpv6Test {
  private static final String GW6 = "fd00:88::1/64";
  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef.Named web = named("web");

  /** A container end eth0 in "web" with fd00:88::2/64, up; its host end vweb up on bridge br0 with the gateway, up. */
  private void wired() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), addAddress6(HOST, "br0", GW6),
        addAddress6(web, "eth0", "fd00:88::2/64"), up(HOST, "br0"), up(HOST, "vweb"), up(web, "eth0"));
  }

  private static KernelException expect(KernelException refused, Errno errno, String message) {
    assertThat(refused.errno()).isEqualTo(errno);
    assertThat(refused.kernelMessage()).as("the extended ACK, or the errno's text without one").isEqualTo(message.isEmpty() ? errno.description() : message);
    return refused;
  }

  @Test
  void anAddressTheLinkHasIsEexistWhateverItsPrefixLength() {
    applyAll(kernel, bridge("br0"), addAddress6(HOST, "br0", GW6));

    expect(refusal(kernel, addAddress6(HOST, "br0", GW6)), Errno.EEXIST, "ipv6: address already assigned");
    expect(refusal(kernel, addAddress6(HOST, "br0", "fd00:88::1/80")), Errno.EEXIST, "ipv6: address already assigned");
    assertThat(host(kernel).addresses()).containsExactly(added6("br0", GW6));
  }

  @Test
  void anAddressOnALinkWithIpv6DisabledIsEacces() {
    applyAll(kernel, bridge("br0"), sysctl(HOST, Sysctls.disableIpv6(name("br0")), "1"));

    expect(refusal(kernel, addAddress6(HOST, "br0", GW6)), Errno.EACCES, "ipv6: IPv6 is disabled on this device");
  }

  @Test
  void removingAnAbsentAddressIsEaddrnotavailAndRemovingTheLastKeepsRoutesAndNeighbours() {
    wired();
    applyAll(kernel, addRoute(web, route6("::/0", "fd00:88::1", "eth0")), setNeighbour(neighbour6("br0", "fd00:88::2", macFor("x"))));

    expect(refusal(kernel, removeAddress6(HOST, "br0", "fd00:88::9/64")), Errno.EADDRNOTAVAIL, "ipv6: address not found");
    applyAll(kernel, removeAddress6(web, "eth0", "fd00:88::2/64"), removeAddress6(HOST, "br0", GW6));

    assertThat(namespace(kernel, web).routes()).containsExactly(route6("::/0", "fd00:88::1", "eth0"));
    assertThat(host(kernel).neighbours()).containsExactly(neighbour6("br0", "fd00:88::2", macFor("x")));
  }

  /** Unlike IPv4's /32, an IPv6 /128 gets its route too (DifferentialIT, on the real kernel). */
  @Test
  void anAddressOnAnUpLinkHasItsPrefixRouteA128Too() {
    applyAll(kernel, bridge("br0"), addAddress6(HOST, "br0", GW6), addAddress6(HOST, "br0", "fd00:99::1/128"));
    assertThat(host(kernel).routes()).as("no prefix route while down").isEmpty();

    applyAll(kernel, up(HOST, "br0"));

    assertThat(host(kernel).routes()).containsExactly(prefixRoute6("fd00:88::/64", "br0"), prefixRoute6("fd00:99::1/128", "br0"));
  }

  @Test
  void aDefaultRouteNeedsItsGatewayOnTheLinkAndTheLinkUp() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), addAddress6(web, "eth0", "fd00:88::2/64"));

    expect(refusal(kernel, addRoute(web, route6("::/0", "fd00:88::1", "eth0"))), Errno.EHOSTUNREACH, "");
    applyAll(kernel, up(web, "eth0"));
    expect(refusal(kernel, addRoute(web, route6("::/0", "fd00:99::1", "eth0"))), Errno.EHOSTUNREACH, "");
    applyAll(kernel, addRoute(web, route6("::/0", "fd00:88::1", "eth0")));
    expect(refusal(kernel, addRoute(web, route6("::/0", "fd00:88::3", "eth0"))), Errno.EEXIST, "");

    assertThat(namespace(kernel, web).routes()).containsExactly(prefixRoute6("fd00:88::/64", "eth0"), route6("::/0", "fd00:88::1", "eth0"));
  }

  @Test
  void aGatewayThroughLoopbackIsUnreachableEvenInsideItsPrefix() {
    applyAll(kernel, createNamespace("web"), up(web, "lo"), addAddress6(web, "lo", "fd00:77::1/80"));

    expect(refusal(kernel, addRoute(web, route6("::/0", "fd00:77::11", "lo"))), Errno.EHOSTUNREACH, "");
    expect(refusal(kernel, addRoute(web, route6("::/0", "fd00:77::1", "lo"))), Errno.EINVAL, "Gateway can not be a local address");
  }

  @Test
  void anIpv4DefaultRouteAndAnIpv6OneLiveSideBySide() {
    wired();
    applyAll(kernel, addAddress(web, "eth0", "10.88.0.2/16"), addRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0")),
        addRoute(web, route6("::/0", "fd00:88::1", "eth0")));

    assertThat(namespace(kernel, web).routes()).contains(route("0.0.0.0/0", "10.88.0.1", "eth0"), route6("::/0", "fd00:88::1", "eth0"));
  }

  @Test
  void aPermanentIpv6NeighbourIsReplacedAndRefusedOnADisabledLink() {
    applyAll(kernel, bridge("br0"), setNeighbour(neighbour6("br0", "fd00:88::2", macFor("a"))),
        setNeighbour(neighbour6("br0", "fd00:88::2", macFor("b"))));
    assertThat(host(kernel).neighbours()).containsExactly(neighbour6("br0", "fd00:88::2", macFor("b")));

    applyAll(kernel, sysctl(HOST, Sysctls.disableIpv6(name("br0")), "1"));
    assertThat(host(kernel).neighbours()).as("disable_ipv6 flushes them").isEmpty();
    expect(refusal(kernel, setNeighbour(neighbour6("br0", "fd00:88::3", macFor("a")))), Errno.EINVAL, "IPv6 is disabled on this device");
    expect(refusal(kernel, new RemoveNeighbour(neighbour6("br0", "fd00:88::3", macFor("a")), WHY)), Errno.ENOENT, "");
  }

  @Test
  void aProxyEntryIsAddedOnceAndRemovingAnAbsentOneIsEnoent() {
    applyAll(kernel, bridge("br0"), addProxy("br0", "fd00:88::2"), addProxy("br0", "fd00:88::2"));
    assertThat(host(kernel).proxies()).containsExactly(proxy("br0", "fd00:88::2"));

    applyAll(kernel, removeProxy("br0", "fd00:88::2"));

    assertThat(host(kernel).proxies()).isEmpty();
    expect(refusal(kernel, removeProxy("br0", "fd00:88::2")), Errno.ENOENT, "");
    expect(refusal(kernel, addProxy("nope", "fd00:88::2")), Errno.ENODEV, "");
  }

  @Test
  void proxyEntriesSurviveAMacChangeWhichFlushesPermanentEntriesOfBothFamilies() {
    applyAll(kernel, bridge("br0"), addAddress(HOST, "br0", "10.88.0.1/16"), addProxy("br0", "fd00:88::2"),
        setNeighbour(neighbour6("br0", "fd00:88::2", macFor("a"))), setNeighbour(neighbour("br0", "10.88.0.2", macFor("a"))),
        new SetMac(HOST, name("br0"), macFor("other"), WHY));

    assertThat(host(kernel).neighbours()).isEmpty();
    assertThat(host(kernel).proxies()).containsExactly(proxy("br0", "fd00:88::2"));
  }

  @Test
  void linkDownFlushesItsIpv6AddressesRoutesNeighboursAndProxiesButKeepsItsIpv4Addresses() {
    wired();
    applyAll(kernel, addAddress(HOST, "br0", "10.88.0.1/16"), addProxy("br0", "fd00:88::2"),
        setNeighbour(neighbour6("br0", "fd00:88::2", macFor("a"))), addRoute(web, route6("::/0", "fd00:88::1", "eth0")));

    kernel.setDown(HOST, name("br0"));
    kernel.setDown(web, name("eth0"));

    NamespaceState host = host(kernel);
    assertThat(host.addresses()).containsExactly(address("br0", "10.88.0.1/16"));
    assertThat(host.neighbours()).isEmpty();
    assertThat(host.proxies()).isEmpty();
    assertThat(namespace(kernel, web).addresses()).noneMatch(a -> a.link().equals(name("eth0")));
    assertThat(namespace(kernel, web).routes()).isEmpty();
  }

  @Test
  void removingTheLastIpv4AddressFlushesOnlyIpv4RoutesAndNeighbours() {
    wired();
    applyAll(kernel, addAddress(web, "eth0", "10.88.0.2/16"), addRoute(web, route("0.0.0.0/0", "10.88.0.1", "eth0")),
        addRoute(web, route6("::/0", "fd00:88::1", "eth0")), addAddress(HOST, "br0", "10.88.0.1/16"),
        setNeighbour(neighbour("br0", "10.88.0.2", macFor("a"))), setNeighbour(neighbour6("br0", "fd00:88::2", macFor("a"))));

    applyAll(kernel, removeAddress(web, "eth0", "10.88.0.2/16"), removeAddress(HOST, "br0", "10.88.0.1/16"));

    assertThat(namespace(kernel, web).routes()).contains(route6("::/0", "fd00:88::1", "eth0"))
        .doesNotContain(route("0.0.0.0/0", "10.88.0.1", "eth0"));
    assertThat(host(kernel).neighbours()).containsExactly(neighbour6("br0", "fd00:88::2", macFor("a")));
  }

  @Test
  void disableIpv6DropsTheLinksIpv6StateAndZeroDoesNotBringItBack() {
    wired();
    applyAll(kernel, addRoute(web, route6("::/0", "fd00:88::1", "eth0")), addAddress(web, "eth0", "10.88.0.2/16"));

    applyAll(kernel, sysctl(web, "net.ipv6.conf.eth0.disable_ipv6", "1"), sysctl(web, "net.ipv6.conf.eth0.disable_ipv6", "0"));

    assertThat(namespace(kernel, web).addresses()).filteredOn(a -> a.link().equals(name("eth0"))).containsExactly(address("eth0", "10.88.0.2/16"));
    assertThat(namespace(kernel, web).routes()).noneMatch(r -> r.family() == IpFamily.IPV6);
  }

  @Test
  void anMtuBelow1280DestroysTheLinksIpv6StateAnd1280BringsBackTheDefaults() {
    applyAll(kernel, bridge("br0"), addAddress6(HOST, "br0", GW6), addAddress(HOST, "br0", "10.88.0.1/16"), addProxy("br0", "fd00:88::2"),
        sysctl(HOST, Sysctls.acceptRa(name("br0")), "0"), sysctl(HOST, Sysctls.proxyNdp(name("br0")), "1"));

    applyAll(kernel, new SetMtu(HOST, name("br0"), 1279, WHY));

    NamespaceState host = host(kernel);
    assertThat(host.addresses()).containsExactly(address("br0", "10.88.0.1/16"));
    assertThat(host.proxies()).isEmpty();
    assertThat(host.sysctl(Sysctls.acceptRa(name("br0")))).isEmpty();
    assertThat(host.sysctl(Sysctls.disableIpv6(name("br0")))).isEmpty();
    expect(refusal(kernel, sysctl(HOST, Sysctls.acceptRa(name("br0")), "0")), Errno.ENOENT, "");
    expect(refusal(kernel, addAddress6(HOST, "br0", GW6)), Errno.EINVAL, "");
    expect(refusal(kernel, addProxy("br0", "fd00:88::2")), Errno.ENOBUFS, "");

    applyAll(kernel, new SetMtu(HOST, name("br0"), 1280, WHY));

    assertThat(host(kernel).sysctl(Sysctls.acceptRa(name("br0")))).contains("1");
    assertThat(host(kernel).sysctl(Sysctls.proxyNdp(name("br0")))).contains("0");
    assertThat(host(kernel).sysctl(Sysctls.proxyDelay(name("br0")))).contains("80");
  }

  @Test
  void loopbackBelow1280TakesIpv6AddressesThatGoAtTheNextUpGroupOrAlias() {
    kernel.addNamespace(web);
    applyAll(kernel, new SetMtu(web, name("lo"), 1200, WHY), addAddress6(web, "lo", "fd00:77::12/128"));
    assertThat(lo6(web)).as("added while down").hasSize(1);

    applyAll(kernel, up(web, "lo"));
    assertThat(lo6(web)).as("NETDEV_UP").isEmpty();

    applyAll(kernel, addAddress6(web, "lo", "fd00:77::12/128"), new SetMac(web, name("lo"), macFor("lo"), WHY));
    assertThat(lo6(web)).as("a new MAC sends no NETDEV_CHANGE").hasSize(1);
    applyAll(kernel, new SetGroup(web, name("lo"), 0, WHY));
    assertThat(lo6(web)).as("the same group again").isEmpty();

    applyAll(kernel, addAddress6(web, "lo", "fd00:77::12/128"), new SetAlias(web, name("lo"), "x", WHY));
    assertThat(lo6(web)).as("an alias").isEmpty();

    applyAll(kernel, new SetMtu(web, name("lo"), 65536, WHY), addAddress6(web, "lo", "fd00:77::12/128"), new SetGroup(web, name("lo"), 0, WHY));
    assertThat(lo6(web)).as("at 1280 or more").hasSize(1);
  }

  private List<Address> lo6(NamespaceRef namespace) {
    return namespace(kernel, namespace).addresses().stream().filter(a -> a.link().equals(name("lo")) && a.family() == IpFamily.IPV6).toList();
  }

  @Test
  void aNewLinkHasTheCompiledDefaultsOrTheNamespacesDefaultValues() {
    applyAll(kernel, bridge("br0"));
    NamespaceState host = host(kernel);
    assertThat(host.sysctl(Sysctls.disableIpv6(name("br0")))).contains("0");
    assertThat(host.sysctl(Sysctls.acceptRa(name("br0")))).contains("1");
    assertThat(host.sysctl(Sysctls.proxyNdp(name("br0")))).contains("0");
    assertThat(host.sysctl(Sysctls.proxyDelay(name("br0")))).contains("80");

    applyAll(kernel, createNamespace("web"), sysctl(web, "net.ipv6.conf.default.disable_ipv6", "1"), bridge("br1"), veth("vweb", web, "eth0"));

    expect(refusal(kernel, addAddress6(web, "eth0", "fd00:88::2/64")), Errno.EACCES, "ipv6: IPv6 is disabled on this device");
    applyAll(kernel, addAddress6(HOST, "br1", GW6));
  }

  @Test
  void allForwardingWritesEveryLinksAndTheDefaultsForwarding() {
    applyAll(kernel, bridge("br0"), sysctl(HOST, Sysctls.IPV6_FORWARDING, "1"), bridge("br1"));

    assertThat(host(kernel).sysctl(Sysctls.IPV6_FORWARDING)).contains("1");
    assertThat(kernel.namespaces().get(HOST).sysctls).containsEntry("net.ipv6.conf.br0.forwarding", "1")
        .containsEntry("net.ipv6.conf.br1.forwarding", "1").containsEntry("net.ipv6.conf.lo.forwarding", "1")
        .containsEntry("net.ipv6.conf.default.forwarding", "1");
  }

  @Test
  void onlyNetagentsLinksAndLoopbackHaveNoObservedAcceptRa() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"), bridge("br0", MTU, "someone's"));
    kernel.addDevice(HOST, name("wlan0"), "dummy", macFor("wlan0"), MTU);

    assertThat(host(kernel).sysctls()).containsKeys(Sysctls.acceptRa(name("wlan0")), Sysctls.acceptRa(name("br0")))
        .doesNotContainKeys(Sysctls.acceptRa(name("vweb")), Sysctls.acceptRa(name("lo")));
    assertThat(namespace(kernel, web).sysctls()).isEmpty();
  }
}
