package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.link;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.addAddress;
import static io.netagent.testing.OperationFixtures.addFdb;
import static io.netagent.testing.OperationFixtures.attach;
import static io.netagent.testing.OperationFixtures.bridge;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.localFdb;
import static io.netagent.testing.OperationFixtures.macFor;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.neighbour;
import static io.netagent.testing.OperationFixtures.removeAddress;
import static io.netagent.testing.OperationFixtures.setNeighbour;
import static io.netagent.testing.OperationFixtures.staticFdb;
import static io.netagent.testing.OperationFixtures.up;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.NamespaceState;
import io.netagent.operations.RemoveFdbEntry;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.SetMac;
import org.junit.jupiter.api.Test;

class FakeKernelNeighbourFdbTest {
  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef.Named web = named("web");

  @Test
  void setNeighbourReplacesTheMacOfTheSameIp() {
    applyAll(kernel, bridge("br0"), setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))),
        setNeighbour(neighbour("br0", "10.88.0.2", macFor("app"))));

    assertThat(host(kernel).neighbours()).containsExactly(neighbour("br0", "10.88.0.2", macFor("app")));
  }

  @Test
  void removingAbsentNeighbourIsEnoent() {
    applyAll(kernel, bridge("br0"), setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))));

    RemoveNeighbour absent = new RemoveNeighbour(neighbour("br0", "10.88.0.3", macFor("web")), WHY);

    assertThat(refusal(kernel, absent).errno()).isEqualTo(Errno.ENOENT);
  }

  @Test
  void neighbourOnMissingLinkIsEnodev() {
    assertThat(refusal(kernel, setNeighbour(neighbour("br0", "10.88.0.2", macFor("web")))).errno()).isEqualTo(Errno.ENODEV);
    assertThat(refusal(kernel, new RemoveNeighbour(neighbour("br0", "10.88.0.2", macFor("web")), WHY)).errno()).isEqualTo(Errno.ENODEV);
  }

  /** NETDEV_DOWN: fib_disable_ip() -> arp_ifdown() -> neigh_ifdown(), which flushes NUD_PERMANENT entries too. */
  @Test
  void settingLinkDownFlushesItsPermanentNeighbours() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))));

    kernel.setDown(HOST, name("br0"));

    assertThat(host(kernel).neighbours()).isEmpty();
  }

  /** fib_inetaddr_event(NETDEV_DOWN) on the last address calls fib_disable_ip(), hence arp_ifdown(). */
  @Test
  void removingLastAddressOfLinkFlushesItsNeighbours() {
    applyAll(kernel, bridge("br0"), up(HOST, "br0"), addAddress(HOST, "br0", "10.88.0.1/16"),
        setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))));

    kernel.apply(removeAddress(HOST, "br0", "10.88.0.1/16"));

    assertThat(host(kernel).neighbours()).isEmpty();
  }

  /** NETDEV_CHANGEADDR: neigh_changeaddr() flushes every entry of the device (docs/kernel-facts.md §2B, verified). */
  @Test
  void changingMacOfLinkFlushesItsNeighbours() {
    applyAll(kernel, bridge("br0"), setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))));

    kernel.apply(new SetMac(HOST, name("br0"), macFor("other"), WHY));

    assertThat(host(kernel).neighbours()).isEmpty();
  }

  /** rtnl_fdb_add(): NTF_MASTER on a device that is no bridge port matches no branch and returns -EOPNOTSUPP. */
  @Test
  void staticFdbEntryOnDeviceWithoutBridgeMasterIsEopnotsupp() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"));

    assertThat(refusal(kernel, addFdb(staticFdb("vweb", macFor("web")))).errno()).isEqualTo(Errno.EOPNOTSUPP);
    assertThat(host(kernel).fdb()).isEmpty();
  }

  @Test
  void localFdbEntryOnLoopbackIsEinval() {
    assertThat(refusal(kernel, addFdb(localFdb("lo", macFor("web")))).errno()).isEqualTo(Errno.EINVAL);
  }

  /**
   * rtnl_fdb_add(): NTF_SELF on an Ethernet device without ndo_fdb_add goes to
   * ndo_dflt_fdb_add(), which takes it into the device's unicast address list: no bridge's
   * forwarding database, so nothing netagent observes changes.
   */
  @Test
  void localFdbEntryOnEthernetDeviceThatIsNoBridgeIsAccepted() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"));
    NamespaceState before = host(kernel);

    kernel.apply(addFdb(localFdb("vweb", macFor("web"))));

    assertThat(host(kernel)).as("the host namespace as observed, FDB included").isEqualTo(before);
  }

  @Test
  void sameMacOnAnotherPortOfTheSameBridgeMovesTheEntry() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), veth("vapp", web, "eth1"),
        attach("vweb", "br0"), attach("vapp", "br0"), addFdb(staticFdb("vweb", macFor("web"))), addFdb(staticFdb("vapp", macFor("web"))));

    assertThat(host(kernel).fdb()).containsExactly(staticFdb("vapp", macFor("web")));
  }

  @Test
  void sameMacAsLocalEntryOfTheBridgeMovesTheEntryToTheBridge() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), attach("vweb", "br0"),
        addFdb(staticFdb("vweb", macFor("web"))), addFdb(localFdb("br0", macFor("web"))));

    assertThat(host(kernel).fdb()).containsExactly(localFdb("br0", macFor("web")));
  }

  @Test
  void sameMacOnPortsOfDifferentBridgesGivesOneEntryPerBridge() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), bridge("br1"), veth("vweb", web, "eth0"), veth("vapp", web, "eth1"),
        attach("vweb", "br0"), attach("vapp", "br1"), addFdb(staticFdb("vweb", macFor("web"))), addFdb(staticFdb("vapp", macFor("web"))));

    assertThat(host(kernel).fdb()).containsExactlyInAnyOrder(staticFdb("vweb", macFor("web")), staticFdb("vapp", macFor("web")));
  }

  @Test
  void removingAbsentFdbEntryIsEnoent() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), attach("vweb", "br0"),
        addFdb(staticFdb("vweb", macFor("web"))));

    RemoveFdbEntry absent = new RemoveFdbEntry(new FdbEntry(name("vweb"), macFor("app"), FdbEntry.Kind.STATIC), WHY);

    assertThat(refusal(kernel, absent).errno()).isEqualTo(Errno.ENOENT);
  }

  /** dev_set_mac_address notifies NETDEV_CHANGEADDR even for the same address, and neigh_changeaddr flushes. */
  @Test
  void settingTheSameMacAgainStillFlushesNeighbours() {
    applyAll(kernel, bridge("br0"), setNeighbour(neighbour("br0", "10.88.0.2", macFor("web"))));

    kernel.apply(new SetMac(HOST, name("br0"), link(host(kernel), "br0").mac().orElseThrow(), WHY));

    assertThat(host(kernel).neighbours()).isEmpty();
  }

  /** ARP keys the neighbours of a loopback device by 0.0.0.0: one entry, found only by that key. */
  @Test
  void neighboursOfLoopbackAreKeyedByZero() {
    applyAll(kernel, setNeighbour(neighbour("lo", "10.88.0.2", macFor("web"))), setNeighbour(neighbour("lo", "10.88.0.3", macFor("app"))));

    assertThat(host(kernel).neighbours()).containsExactly(neighbour("lo", "0.0.0.0", macFor("app")));
    assertThat(refusal(kernel, new RemoveNeighbour(neighbour("lo", "10.88.0.3", macFor("app")), WHY)).errno()).isEqualTo(Errno.ENOENT);
    kernel.apply(new RemoveNeighbour(neighbour("lo", "0.0.0.0", macFor("app")), WHY));
    assertThat(host(kernel).neighbours()).isEmpty();
  }

  /** The bridge's local entry for its own MAC is not observed, but it is there: it can be deleted, once. */
  @Test
  void theBridgesOwnEntryCanBeDeletedOnce() {
    kernel.apply(bridge("br0"));
    FdbEntry own = new FdbEntry(name("br0"), macFor("br0"), FdbEntry.Kind.LOCAL);

    kernel.apply(new RemoveFdbEntry(own, WHY));

    assertThat(refusal(kernel, new RemoveFdbEntry(own, WHY)).errno()).isEqualTo(Errno.ENOENT);
  }

  /** So is a port's local entry for its MAC, deleted through the port (br_fdb_delete: any entry behind it). */
  @Test
  void aPortsOwnEntryCanBeDeletedThroughThePort() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), attach("vweb", "br0"));
    FdbEntry own = new FdbEntry(name("vweb"), macFor("vweb"), FdbEntry.Kind.STATIC);

    kernel.apply(new RemoveFdbEntry(own, WHY));

    assertThat(refusal(kernel, new RemoveFdbEntry(own, WHY)).errno()).isEqualTo(Errno.ENOENT);
  }

  /**
   * rtnl_fdb_del: only Ethernet devices; NTF_MASTER on a device that is no bridge port matches no branch; NTF_SELF on one that
   * is no bridge goes to ndo_dflt_fdb_del, which refuses netagent's request (it carries no NUD_PERMANENT).
   */
  @Test
  void removingFromSomethingThatHasNoBridgeDatabase() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"), addFdb(localFdb("vweb", macFor("web"))));

    assertThat(refusal(kernel, new RemoveFdbEntry(staticFdb("vweb", macFor("web")), WHY)).errno()).isEqualTo(Errno.EOPNOTSUPP);
    assertThat(refusal(kernel, new RemoveFdbEntry(localFdb("vweb", macFor("web")), WHY)).errno()).isEqualTo(Errno.EINVAL);
    assertThat(refusal(kernel, new RemoveFdbEntry(localFdb("lo", macFor("web")), WHY)).errno()).isEqualTo(Errno.EINVAL);
    assertThat(refusal(kernel, addFdb(staticFdb("lo", macFor("web")))).errno()).isEqualTo(Errno.EINVAL);
  }

  /**
   * br_fdb_change_mac_address: the bridge's entry for its new MAC replaces a static one; an entry for the old MAC that a user
   * added stays, and shows, since it is no longer the bridge's own.
   */
  @Test
  void aBridgeMacChangeReplacesTheStaticEntryForTheNewMac() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), attach("vweb", "br0"),
        addFdb(staticFdb("vweb", macFor("app"))), addFdb(localFdb("br0", macFor("br0"))));
    assertThat(host(kernel).fdb()).containsExactly(staticFdb("vweb", macFor("app")));

    kernel.apply(new SetMac(HOST, name("br0"), macFor("app"), WHY));

    assertThat(host(kernel).fdb()).containsExactly(localFdb("br0", macFor("br0")));
  }

  /** br_fdb_changeaddr: a port's entry for its new MAC replaces a static one. */
  @Test
  void aPortMacChangeReplacesTheStaticEntryForTheNewMac() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", web, "eth0"), veth("vapp", web, "eth1"), attach("vweb", "br0"),
        attach("vapp", "br0"), addFdb(staticFdb("vweb", macFor("db"))), addFdb(localFdb("br0", macFor("cache"))));

    kernel.apply(new SetMac(HOST, name("vapp"), macFor("db"), WHY));
    kernel.apply(new SetMac(HOST, name("vapp"), macFor("cache"), WHY));

    assertThat(host(kernel).fdb()).containsExactly(localFdb("br0", macFor("cache")));
  }
}
