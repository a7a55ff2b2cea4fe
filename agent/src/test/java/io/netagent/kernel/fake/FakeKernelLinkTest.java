package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.link;
import static io.netagent.kernel.fake.FakeKernelFixtures.namespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.MTU;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.addAddress;
import static io.netagent.testing.OperationFixtures.addFdb;
import static io.netagent.testing.OperationFixtures.addRoute;
import static io.netagent.testing.OperationFixtures.attach;
import static io.netagent.testing.OperationFixtures.bridge;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.deleteLink;
import static io.netagent.testing.OperationFixtures.localFdb;
import static io.netagent.testing.OperationFixtures.macFor;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.neighbour;
import static io.netagent.testing.OperationFixtures.route;
import static io.netagent.testing.OperationFixtures.setNeighbour;
import static io.netagent.testing.OperationFixtures.staticFdb;
import static io.netagent.testing.OperationFixtures.up;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.ModelException;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.BridgePort;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import io.netagent.observed.Sysctls;
import io.netagent.operations.SetAlias;
import io.netagent.operations.SetBridgePort;
import io.netagent.operations.SetGroup;
import io.netagent.operations.SetMtu;
import io.netagent.operations.SetSysctl;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeKernelLinkTest {
  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef.Named web = named("web");

  @Test
  void newKernelHasOnlyTheHostNamespaceWithLoopbackDownAndForwardingOff() {
    ObservedState observed = kernel.observe(Scope.whole(Set.of()));

    assertThat(observed.namespaces()).containsOnlyKeys(HOST);
    assertThat(observed.ownedNamespaces()).isEmpty();
    assertThat(observed.nat()).isEmpty();
    NamespaceState host = observed.host();
    assertThat(host.links()).hasSize(1);
    Link lo = link(host, "lo");
    assertThat(lo.index()).isEqualTo(1);
    assertThat(lo.up()).isFalse();
    assertThat(lo.mtu()).isEqualTo(65536);
    assertThat(lo.master()).isEmpty();
    assertThat(lo.alias()).isEmpty();
    assertThat(lo.peer()).isEmpty();
    assertThat(host.addresses()).isEmpty();
    assertThat(host.routes()).isEmpty();
    assertThat(host.neighbours()).isEmpty();
    assertThat(host.fdb()).isEmpty();
    assertThat(host.sysctls()).isEqualTo(Map.of(Sysctls.IP_FORWARD, "0", Sysctls.IPV6_FORWARDING, "0"));
  }

  @Test
  void creatingBridgeWithTakenNameIsEexist() {
    kernel.apply(bridge("br0"));

    assertThat(refusal(kernel, bridge("br0")).errno()).isEqualTo(Errno.EEXIST);
    assertThat(refusal(kernel, bridge("lo")).errno()).isEqualTo(Errno.EEXIST);
  }

  @Test
  void creatingVethPairWithTakenHostNameIsEexist() {
    applyAll(kernel, createNamespace("web"), bridge("vweb"));

    assertThat(refusal(kernel, veth("vweb", web, "eth0")).errno()).isEqualTo(Errno.EEXIST);
    assertThat(namespace(kernel, web).link(name("eth0"))).isEmpty();
  }

  @Test
  void addingDeviceWithTakenNameIsEexist() {
    kernel.addDevice(HOST, name("eth0"), "", macFor("eth0"), 1500);

    KernelException refused = refusal(() -> kernel.addDevice(HOST, name("eth0"), "", macFor("other"), 1500));

    assertThat(refused.errno()).isEqualTo(Errno.EEXIST);
  }

  @Test
  void interfaceNameLongerThan15BytesCannotBeConstructed() {
    assertThat(InterfaceName.of("abcdefghijklmno").value()).hasSize(15);
    assertThatThrownBy(() -> InterfaceName.of("abcdefghijklmnop")).isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> InterfaceName.of("éééééééé")).isInstanceOf(ModelException.class);
  }

  @Test
  void bridgeMtuBelow68IsEinvalWithKernelText() {
    KernelException refused = refusal(kernel, bridge("br0", 67));

    assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
    assertThat(refused.kernelMessage()).isEqualTo("mtu less than device minimum");
    assertThat(host(kernel).link(name("br0"))).isEmpty();
  }

  @Test
  void bridgeMtuAbove65535IsEinvalWithKernelText() {
    KernelException refused = refusal(kernel, bridge("br0", 65536));

    assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
    assertThat(refused.kernelMessage()).isEqualTo("mtu greater than device maximum");
  }

  @Test
  void setMtuOutsideBoundsIsEinvalWithKernelTextsAndKeepsTheOldMtu() {
    kernel.apply(bridge("br0"));

    KernelException tooSmall = refusal(kernel, new SetMtu(HOST, name("br0"), 67, WHY));
    KernelException tooLarge = refusal(kernel, new SetMtu(HOST, name("br0"), 65536, WHY));

    assertThat(tooSmall.errno()).isEqualTo(Errno.EINVAL);
    assertThat(tooSmall.kernelMessage()).isEqualTo("mtu less than device minimum");
    assertThat(tooLarge.errno()).isEqualTo(Errno.EINVAL);
    assertThat(tooLarge.kernelMessage()).isEqualTo("mtu greater than device maximum");
    assertThat(link(host(kernel), "br0").mtu()).isEqualTo(1500);
  }

  @Test
  void mtuBoundsThemselvesAreAccepted() {
    applyAll(kernel, bridge("br0", 68), new SetMtu(HOST, name("br0"), 65535, WHY));

    assertThat(link(host(kernel), "br0").mtu()).isEqualTo(65535);
  }

  /** veth_validate() checks IFLA_MTU before the device exists and sets no extended ACK. */
  @Test
  void vethMtuOutsideBoundsIsEinvalWithoutKernelText() {
    kernel.apply(createNamespace("web"));

    KernelException refused = refusal(kernel, veth("vweb", web, "eth0", 67));

    assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
    assertThat(refused.kernelMessage()).isEqualTo(Errno.EINVAL.description());
  }

  @Test
  void vethIntoMissingNamespaceIsEnoent() {
    KernelException refused = refusal(kernel, veth("vweb", web, "eth0"));

    assertThat(refused.errno()).isEqualTo(Errno.ENOENT);
    assertThat(host(kernel).link(name("vweb"))).isEmpty();
  }

  @Test
  void vethWithPeerNameTakenInPeerNamespaceIsEexistAndCreatesNeitherEnd() {
    kernel.addNamespace(web);
    kernel.addDevice(web, name("eth0"), "", macFor("eth0"), 1500);

    assertThat(refusal(kernel, veth("vweb", web, "eth0")).errno()).isEqualTo(Errno.EEXIST);
    assertThat(host(kernel).link(name("vweb"))).isEmpty();
  }

  @Test
  void ifindexesAreUniquePerNamespaceAndNeverReused() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"));
    int br0 = link(host(kernel), "br0").index();
    int vweb = link(host(kernel), "vweb").index();

    applyAll(kernel, deleteLink(HOST, "br0"), bridge("br1"));
    int br1 = link(host(kernel), "br1").index();

    assertThat(Set.of(1, br0, vweb)).hasSize(3);
    assertThat(br1).isNotIn(1, br0, vweb);
    assertThat(link(namespace(kernel, web), "eth0").index()).isNotEqualTo(1);
  }

  @Test
  void emptyAliasMeansNoAlias() {
    kernel.apply(bridge("br0", 1500, ""));

    Link br0 = link(host(kernel), "br0");

    assertThat(br0.alias()).isEmpty();
    assertThat(br0.isOwned()).isFalse();
  }

  @Test
  void setAliasSetsTheAlias() {
    applyAll(kernel, bridge("br0", 1500, ""), new SetAlias(HOST, name("br0"), "netagent:net", WHY));

    assertThat(link(host(kernel), "br0").alias()).contains("netagent:net");
  }

  @Test
  void setAliasToEmptyClearsIt() {
    applyAll(kernel, bridge("br0"), new SetAlias(HOST, name("br0"), "", WHY));

    assertThat(link(host(kernel), "br0").alias()).isEmpty();
  }

  @Test
  void linkIsOwnedWithNetagentsGroupOrAlias() {
    applyAll(kernel, bridge("br0"), bridge("br1", MTU, "docker:br1"), bridge("br2", MTU, ""), bridge("br3", MTU, ""),
        new SetAlias(HOST, name("br2"), "netagent:net", WHY), new SetGroup(HOST, name("br3"), Ownership.LINK_GROUP, WHY));

    assertThat(link(host(kernel), "br0").group()).isEqualTo(Ownership.LINK_GROUP);
    assertThat(link(host(kernel), "br0").isOwned()).isTrue();
    assertThat(link(host(kernel), "br1").isOwned()).isFalse();
    assertThat(link(host(kernel), "br2").isOwned()).isTrue();
    assertThat(link(host(kernel), "br3").isOwned()).isTrue();
    assertThat(link(host(kernel), "lo").isOwned()).isFalse();
  }

  @Test
  void deletingHostEndOfVethDeletesPeerWithAddressesAndRoutesOfBothEnds() {
    containerWithDefaultRoute();

    kernel.apply(deleteLink(HOST, "vweb"));

    NamespaceState host = host(kernel);
    NamespaceState inside = namespace(kernel, web);
    assertThat(host.link(name("vweb"))).isEmpty();
    assertThat(host.addresses()).isEmpty();
    assertThat(host.routes()).isEmpty();
    assertThat(inside.link(name("eth0"))).isEmpty();
    assertThat(inside.addresses()).as("only loopback's, which a namespace netagent creates has up")
        .containsExactly(new Address(name("lo"), Ipv4Cidr.parse("127.0.0.1/8")));
    assertThat(inside.routes()).isEmpty();
  }

  @Test
  void deletingPeerEndOfVethDeletesHostEndWithAddressesAndRoutesOfBothEnds() {
    containerWithDefaultRoute();

    kernel.apply(deleteLink(web, "eth0"));

    NamespaceState host = host(kernel);
    NamespaceState inside = namespace(kernel, web);
    assertThat(host.link(name("vweb"))).isEmpty();
    assertThat(host.addresses()).isEmpty();
    assertThat(host.routes()).isEmpty();
    assertThat(inside.link(name("eth0"))).isEmpty();
    assertThat(inside.addresses()).as("only loopback's, which a namespace netagent creates has up")
        .containsExactly(new Address(name("lo"), Ipv4Cidr.parse("127.0.0.1/8")));
    assertThat(inside.routes()).isEmpty();
  }

  @Test
  void deletingBridgeDetachesItsPortsAndDropsTheirStaticFdbEntries() {
    bridgeWithManagedPort();
    kernel.apply(addFdb(staticFdb("vweb", macFor("web"))));

    kernel.apply(deleteLink(HOST, "br0"));

    NamespaceState host = host(kernel);
    Link port = link(host, "vweb");
    assertThat(port.master()).isEmpty();
    assertThat(port.port()).isEmpty();
    assertThat(host.fdb()).isEmpty();
  }

  @Test
  void deletingBridgeRemovesItsNeighboursFdbEntriesAndAddresses() {
    applyAll(kernel, bridge("br0"), addAddress(HOST, "br0", "10.88.0.1/16"), up(HOST, "br0"),
        setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))), addFdb(localFdb("br0", macFor("web"))));

    kernel.apply(deleteLink(HOST, "br0"));

    NamespaceState host = host(kernel);
    assertThat(host.link(name("br0"))).isEmpty();
    assertThat(host.neighbours()).isEmpty();
    assertThat(host.fdb()).isEmpty();
    assertThat(host.addresses()).isEmpty();
    assertThat(host.routes()).isEmpty();
  }

  @Test
  void deletingMissingLinkIsEnodev() {
    assertThat(refusal(kernel, deleteLink(HOST, "nope0")).errno()).isEqualTo(Errno.ENODEV);
  }

  /** rtnl_delete_link(): a device without rtnl_link_ops->dellink (lo, a NIC) cannot be deleted. */
  @Test
  void deletingLoopbackIsEopnotsupp() {
    assertThat(refusal(kernel, deleteLink(HOST, "lo")).errno()).isEqualTo(Errno.EOPNOTSUPP);
    assertThat(host(kernel).link(name("lo"))).isPresent();
  }

  @Test
  void attachingToNonBridgeIsEopnotsupp() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"), veth("vapp", web, "eth1"));

    assertThat(refusal(kernel, attach("vweb", "vapp")).errno()).isEqualTo(Errno.EOPNOTSUPP);
    assertThat(link(host(kernel), "vweb").master()).isEmpty();
  }

  @Test
  void attachingToMissingBridgeIsEnodev() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"));

    assertThat(refusal(kernel, attach("vweb", "br9")).errno()).isEqualTo(Errno.ENODEV);
  }

  /** do_set_master() releases the old master before it looks at the new one; rtnetlink is not transactional. */
  @Test
  void attachingPortToNonBridgeDetachesItFromItsBridgeFirst() {
    bridgeWithManagedPort();
    applyAll(kernel, veth("vapp", web, "eth1"));

    assertThat(refusal(kernel, attach("vweb", "vapp")).errno()).isEqualTo(Errno.EOPNOTSUPP);
    assertThat(link(host(kernel), "vweb").master()).isEmpty();
  }

  @Test
  void enslavingBridgeToBridgeIsEloop() {
    applyAll(kernel, bridge("br0"), bridge("br1"));

    assertThat(refusal(kernel, attach("br1", "br0")).errno()).isEqualTo(Errno.ELOOP);
    assertThat(refusal(kernel, attach("br0", "br0")).errno()).isEqualTo(Errno.ELOOP);
  }

  @Test
  void freshlyAttachedPortHasDefaultOptions() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), attach("vweb", "br0"));

    Link port = link(host(kernel), "vweb");

    assertThat(port.master()).contains(name("br0"));
    assertThat(port.port()).contains(BridgePort.DEFAULT);
  }

  @Test
  void attachingAgainToSameBridgeKeepsPortOptions() {
    bridgeWithManagedPort();

    kernel.apply(attach("vweb", "br0"));

    assertThat(link(host(kernel), "vweb").port()).contains(BridgePort.MANAGED);
  }

  @Test
  void movingToAnotherBridgeResetsPortOptionsAndDropsStaticFdbEntries() {
    bridgeWithManagedPort();
    applyAll(kernel, bridge("br1"), addFdb(staticFdb("vweb", macFor("web"))));

    kernel.apply(attach("vweb", "br1"));

    NamespaceState host = host(kernel);
    Link port = link(host, "vweb");
    assertThat(port.master()).contains(name("br1"));
    assertThat(port.port()).contains(BridgePort.DEFAULT);
    assertThat(host.fdb()).isEmpty();
  }

  /**
   * br_add_if() ends with br_mtu_auto_adjust(): the bridge takes its smallest port MTU unless BROPT_MTU_SET_BY_USER,
   * which only br_change_mtu() sets; an MTU given at creation is written by rtnl_create_link() directly.
   */
  @Test
  void bridgeMtuGivenAtCreationSurvivesAttachingASmallerPort() {
    applyAll(kernel, createNamespace("web"), bridge("br0", 9000), veth("vweb", web, "eth0", 1500), attach("vweb", "br0"));

    assertThat(link(host(kernel), "br0").mtu()).isEqualTo(9000);
  }

  @Test
  void bridgeMtuChangedByUserSurvivesAttachingPorts() {
    applyAll(kernel, createNamespace("web"), bridge("br0", 1500), new SetMtu(HOST, name("br0"), 9000, WHY),
        veth("vweb", web, "eth0", 1500), attach("vweb", "br0"));

    assertThat(link(host(kernel), "br0").mtu()).isEqualTo(9000);
  }

  @Test
  void setBridgePortWithoutMasterIsEopnotsupp() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"));

    KernelException refused = refusal(kernel, new SetBridgePort(name("vweb"), BridgePort.MANAGED, WHY));

    assertThat(refused.errno()).isEqualTo(Errno.EOPNOTSUPP);
  }

  private void containerWithDefaultRoute() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"),
        addAddress(HOST, "vweb", "10.77.0.1/30"), up(HOST, "vweb"),
        addAddress(web, "eth0", "10.77.0.2/30"), up(web, "eth0"),
        addRoute(web, route("0.0.0.0/0", "10.77.0.1", "eth0")),
        addRoute(HOST, route("10.99.0.0/24", "10.77.0.2", "vweb")));
    assertThat(host(kernel).routes()).hasSize(2);
    assertThat(namespace(kernel, web).routes()).hasSize(2);
  }

  private void bridgeWithManagedPort() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), attach("vweb", "br0"),
        new SetBridgePort(name("vweb"), BridgePort.MANAGED, WHY));
    assertThat(link(host(kernel), "vweb").port()).contains(BridgePort.MANAGED);
  }

  /** inetdev_event(NETDEV_UP) gives loopback 127.0.0.1/8; its subnet route is a local route, in the local table, not main. */
  @Test
  void loopbackComingUpGetsItsAddressButNoMainTableRoute() {
    kernel.apply(up(HOST, "lo"));

    assertThat(host(kernel).addresses()).containsExactly(new Address(name("lo"), Ipv4Cidr.parse("127.0.0.1/8")));
    assertThat(host(kernel).routes()).isEmpty();
  }

  /** Loopback has no MTU bounds (min_mtu, max_mtu 0); below 68 the kernel takes its IPv4 configuration away (inetdev_event). */
  @Test
  void loopbackMtuHasNoBoundsAndBelow68TakesIpv4Away() {
    applyAll(kernel, up(HOST, "lo"), addAddress(HOST, "lo", "10.60.0.1/24"));

    kernel.apply(new SetMtu(HOST, name("lo"), 67, WHY));

    assertThat(link(host(kernel), "lo").mtu()).isEqualTo(67);
    assertThat(host(kernel).addresses()).isEmpty();
    assertThat(refusal(kernel, addAddress(HOST, "lo", "10.60.0.1/24")).errno()).isEqualTo(Errno.ENOBUFS);
    assertThat(refusal(kernel, setNeighbour(neighbour("lo", "10.60.0.2", macFor("web")))).errno()).isEqualTo(Errno.EINVAL);
    assertThat(refusal(kernel, new SetSysctl(HOST, "net.ipv4.conf.lo.route_localnet", "1", WHY)).errno()).isEqualTo(Errno.ENOENT);

    kernel.apply(new SetMtu(HOST, name("lo"), 100_000, WHY));
    kernel.apply(addAddress(HOST, "lo", "10.60.0.1/24"));
    assertThat(host(kernel).addresses()).containsExactly(new Address(name("lo"), Ipv4Cidr.parse("10.60.0.1/24")));
  }
}
