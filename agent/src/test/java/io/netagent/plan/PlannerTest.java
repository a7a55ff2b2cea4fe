package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.observed.Address;
import io.netagent.observed.BridgePort;
import io.netagent.observed.Listener;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.NatChange;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetBridgePort;
import io.netagent.operations.SetGroup;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetMtu;
import io.netagent.operations.SetSysctl;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final NamespaceRef HOST = NamespaceRef.HOST;
  private static final NamespaceRef WEB = new NamespaceRef.Named("web");
  private static final InterfaceName NBR0 = InterfaceName.of("nbr0");
  private static final InterfaceName VETH_WEB = InterfaceName.of("veth-web");
  private static final InterfaceName ETH0 = InterfaceName.of("eth0");

  private static final String CONFIG = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
          mac: "02:42:0a:58:00:01"
          arpProxy:
            - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32" }
      containers:
        - name: web
          network: default
          namespace: web
          createNamespace: true
          ip: 10.88.0.2
          mac: "02:42:0a:58:00:02"
          ports:
            - { host: 8080, container: 80 }
      """;

  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);
  private final DesiredState desired = ConfigLoader.parse("test.yaml", CONFIG, false).state();

  private Plan plan() {
    return reconciler.plan(desired);
  }

  private void converge() {
    reconciler.apply(desired, op -> {});
  }

  @Test
  void aFreshKernelGetsEveryObjectInDependencyOrder() {
    List<String> lines = plan().operations().stream().map(op -> op.action().symbol() + " " + op.describe()).toList();

    assertThat(lines).containsExactly(
        "+ namespace web",
        "+ bridge nbr0 (address 02:42:0a:58:00:01, mtu 1500)",
        "+ veth pair veth-web ↔ web/eth0 (mtu 1500)",
        "+ address 10.88.0.1/16 on nbr0",
        "+ address 10.88.0.2/16 on web/eth0",
        "~ link nbr0: set up",
        "~ link veth-web: set up",
        "~ link web/eth0: set up",
        "~ link veth-web: attach to nbr0",
        "~ bridge port veth-web: set proxy_arp on, hairpin on",
        "+ route default via 10.88.0.1 dev eth0 in web",
        "+ neighbour 10.88.0.2 → 02:42:0a:58:00:02 on nbr0",
        "+ neighbour 10.88.0.50 → 02:42:0a:58:00:32 on nbr0",
        "+ fdb entry 02:42:0a:58:00:02 behind veth-web",
        "+ fdb entry 02:42:0a:58:00:32 local on nbr0",
        "~ sysctl net.ipv4.ip_forward: set 1",
        "~ sysctl net.ipv4.conf.nbr0.route_localnet: set 1",
        "+ nftables table ip netagent");
    assertThat(plan().operations()).extracting(Operation::phase).isSorted();
  }

  @Test
  void operationsRenderTheirIproute2Equivalent() {
    assertThat(plan().operations()).extracting(Operation::command).contains(
        "ip netns add web",
        "ip link add nbr0 address 02:42:0a:58:00:01 mtu 1500 group 5128519 alias netagent:default type bridge stp_state 0 forward_delay 0",
        "ip -n web addr add 10.88.0.2/16 dev eth0",
        "ip -n web route add default via 10.88.0.1 dev eth0 proto 78",
        "ip neigh replace 10.88.0.50 lladdr 02:42:0a:58:00:32 dev nbr0 nud permanent",
        "bridge fdb replace 02:42:0a:58:00:32 dev nbr0 self local",
        "ip link set veth-web type bridge_slave proxy_arp on hairpin on");
  }

  @Test
  void theNatTableIsDescribedInWords() {
    ReplaceNatTable nat = (ReplaceNatTable) plan().operations().get(plan().operations().size() - 1);

    assertThat(nat.changes()).extracting(NatChange::toString).containsExactly(
        "+ masquerade 10.88.0.0/16 leaving by any interface but nbr0, isolated",
        "+ map tcp 8080 → 10.88.0.2:80");
  }

  @Test
  void aConvergedKernelPlansNothing() {
    converge();

    assertThat(plan().isEmpty()).isTrue();
  }

  @Test
  void mtuDriftIsRepairedWithOneChangeThatSaysWhatDiffered() {
    converge();
    kernel.apply(new SetMtu(HOST, NBR0, 1400, Reason.MISSING));

    assertThat(plan().operations()).singleElement().satisfies(op -> {
      assertThat(op).isEqualTo(new SetMtu(HOST, NBR0, 1500, Reason.differs("mtu", 1400, 1500)));
      assertThat(op.reason().text()).isEqualTo("mtu was 1400, wants 1500");
    });
  }

  @Test
  void aDeletedVethIsRecreatedWithEverythingThatDiedWithIt() {
    converge();
    kernel.apply(new DeleteLink(HOST, VETH_WEB, "veth", Reason.UNDECLARED));

    assertThat(plan().operations()).extracting(Operation::describe).containsExactly(
        "veth pair veth-web ↔ web/eth0 (mtu 1500)",
        "address 10.88.0.2/16 on web/eth0",
        "link veth-web: set up",
        "link web/eth0: set up",
        "link veth-web: attach to nbr0",
        "bridge port veth-web: set proxy_arp on, hairpin on",
        "route default via 10.88.0.1 dev eth0 in web",
        "fdb entry 02:42:0a:58:00:02 behind veth-web");
  }

  @Test
  void aDetachedPortIsReattachedAndItsOptionsSetAgain() {
    converge();
    kernel.apply(new CreateBridge(InterfaceName.of("other"), MacAddress.parse("02:00:00:00:00:99"), 1500, 0, "", Reason.MISSING));
    kernel.apply(new SetMaster(HOST, VETH_WEB, InterfaceName.of("other"), Reason.MISSING));

    assertThat(plan().operations()).containsExactly(
        new SetMaster(HOST, VETH_WEB, NBR0, Reason.differs("master", "other", NBR0)),
        new SetBridgePort(VETH_WEB, BridgePort.MANAGED, Reason.differs("port options", BridgePort.DEFAULT, BridgePort.MANAGED)),
        new AddFdbEntry(new io.netagent.observed.FdbEntry(VETH_WEB, MacAddress.parse("02:42:0a:58:00:02"),
            io.netagent.observed.FdbEntry.Kind.STATIC), Reason.MISSING));
  }

  @Test
  void anOwnedLinkNoLongerDeclaredIsDeleted() {
    converge();
    kernel.apply(new CreateBridge(InterfaceName.of("oldbr"), MacAddress.parse("02:00:00:00:00:98"), 1500, Ownership.LINK_GROUP, "netagent:old", Reason.MISSING));

    assertThat(plan().operations()).containsExactly(new DeleteLink(HOST, InterfaceName.of("oldbr"), "bridge", Reason.UNDECLARED));
    assertThat(plan().operations().get(0).reason().text()).isEqualTo("owned by netagent, not declared");
  }

  @Test
  void aVethWhosePeerIsElsewhereIsReplaced() {
    NamespaceRef other = new NamespaceRef.Named("other");
    kernel.addNamespace(other);
    kernel.apply(new CreateVethPair(VETH_WEB, MacAddress.parse("02:00:00:00:00:01"), other, ETH0,
        MacAddress.parse("02:00:00:00:00:02"), 1500, Ownership.LINK_GROUP, "netagent:default/web", Reason.MISSING));

    List<Operation> ops = plan().operations();

    assertThat(ops).filteredOn(op -> op instanceof DeleteLink).singleElement()
        .isEqualTo(new DeleteLink(HOST, VETH_WEB, "veth", Reason.differs("peer", "unknown", "web/eth0")));
    assertThat(ops).filteredOn(op -> op instanceof CreateVethPair).hasSize(1);
  }

  @Test
  void anUnownedBridgeWithTheDeclaredNameIsAConflictAndNotTouched() {
    kernel.apply(new CreateBridge(NBR0, MacAddress.parse("02:00:00:00:00:03"), 1500, 0, "", Reason.MISSING));

    Plan plan = plan();

    assertThat(plan.isBlocked()).isTrue();
    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.object()).isEqualTo("link nbr0");
      assertThat(c.message()).startsWith("already exists (bridge, alias none) and is not managed by netagent");
    });
    assertThat(plan.operations()).noneMatch(op -> op.describe().contains("nbr0"));
  }

  @Test
  void anUnownedInterfaceInTheContainerNamespaceIsAConflict() {
    kernel.addNamespace(WEB);
    kernel.addDevice(WEB, ETH0, "dummy", MacAddress.parse("02:00:00:00:00:04"), 1500);

    assertThat(plan().conflicts()).singleElement().satisfies(c -> {
      assertThat(c.object()).isEqualTo("link web/eth0");
      assertThat(c.message()).isEqualTo("already exists in namespace web and is not the peer of a veth netagent manages");
    });
  }

  @Test
  void aMissingNamespaceNetagentMayNotCreateIsAConflictWithAHint() {
    DesiredState noCreate = ConfigLoader.parse("t.yaml", CONFIG.replace("createNamespace: true", "createNamespace: false"), false).state();

    assertThat(reconciler.plan(noCreate).conflicts()).singleElement().satisfies(c -> assertThat(c.toString()).isEqualTo(
        "namespace web: does not exist; create it (ip netns add web) or set createNamespace: true for container web"));
  }

  @Test
  void aForeignDefaultRouteInTheContainerNamespaceIsAConflict() {
    converge();
    kernel.apply(new RemoveRoute(WEB, new Route(Ipv4Subnet.ANY, Optional.of(Ipv4Address.parse("10.88.0.1")), ETH0,
        Ownership.ROUTE_PROTOCOL), Reason.UNDECLARED));
    kernel.apply(new AddRoute(WEB, new Route(Ipv4Subnet.ANY, Optional.of(Ipv4Address.parse("10.88.0.9")), ETH0, 4), Reason.MISSING));

    assertThat(plan().conflicts()).singleElement().satisfies(c -> assertThat(c.toString()).isEqualTo(
        "route default via 10.88.0.9 dev eth0 in web: namespace web already has a default route that netagent does not manage"));
  }

  @Test
  void anAddressOnAnOwnedLinkThatIsNotDeclaredIsRemoved() {
    converge();
    Address extra = new Address(NBR0, Ipv4Cidr.parse("172.16.0.1/24"));
    kernel.apply(new AddAddress(HOST, extra, Reason.MISSING));

    assertThat(plan().operations()).containsExactly(new RemoveAddress(HOST, extra, Reason.UNDECLARED));
  }

  @Test
  void teardownRemovesNatFirstVethsBeforeBridgesAndNamespacesLast() {
    converge();

    List<Operation> ops = Planner.teardown(kernel.observe(Scope.whole(desired.namespaces()))).operations();

    assertThat(ops).containsExactly(
        new DeleteNatTable(List.of(new PortMapping(8080, 80, Protocol.TCP, Ipv4Address.parse("10.88.0.2"), Optional.empty())),
            Reason.UNDECLARED),
        new DeleteLinkGroup(HOST, Ownership.LINK_GROUP, List.of(VETH_WEB, NBR0), Reason.UNDECLARED),
        new DeleteNamespace((NamespaceRef.Named) WEB, Reason.UNDECLARED));
  }

  @Test
  void theNamespacesATeardownDeletesAreOneOperationThatDeletesEachAndGoesOnPastARefusal() {
    DesiredState two = ConfigLoader.parse("t.yaml", CONFIG + """
          - { name: db, network: default, namespace: db, createNamespace: true, ip: 10.88.0.3 }
        """, false).state();
    reconciler.apply(two, op -> {});

    List<Operation> ops = Planner.teardown(kernel.observe(Scope.whole(two.namespaces()))).operations();

    DeleteNamespaces both = new DeleteNamespaces(List.of(new NamespaceRef.Named("db"), (NamespaceRef.Named) WEB), Reason.UNDECLARED);
    assertThat(ops).last().isEqualTo(both);
    assertThat(both.describe()).isEqualTo("2 namespaces (db, web)");
    assertThat(both.command()).isEqualTo("ip -batch - <<< 'netns del db; netns del web'");

    kernel.apply(new DeleteNamespace(new NamespaceRef.Named("db"), Reason.UNDECLARED));
    assertThatThrownBy(() -> kernel.apply(both)).isInstanceOf(KernelException.class);
    assertThat(kernel.observe(Scope.whole(two.namespaces())).ownedNamespaces()).as("web is deleted all the same").isEmpty();
  }

  @Test
  void teardownDeletesLinksOneByOneWhenTheGroupHoldsALinkThatStays() {
    converge();
    kernel.apply(new SetGroup(HOST, NBR0, 0, Reason.MISSING));

    List<Operation> ops = Planner.teardown(kernel.observe(Scope.whole(desired.namespaces()))).operations();

    assertThat(ops).noneMatch(op -> op instanceof DeleteLinkGroup)
        .contains(new DeleteLink(HOST, VETH_WEB, "veth", Reason.UNDECLARED), new DeleteLink(HOST, NBR0, "bridge", Reason.UNDECLARED));
  }

  @Test
  void aGroupDeletionRemovesExactlyWhatTheSingleDeletionsWould() {
    converge();
    kernel.apply(Planner.teardown(kernel.observe(Scope.whole(desired.namespaces()))).operations().stream()
        .filter(op -> op instanceof DeleteLinkGroup).findFirst().orElseThrow());

    assertThat(kernel.observe(Scope.whole(desired.namespaces())).host().link(VETH_WEB)).isEmpty();
    assertThat(kernel.observe(Scope.whole(desired.namespaces())).host().link(NBR0)).isEmpty();
    assertThat(kernel.observe(Scope.whole(desired.namespaces())).namespace(WEB).orElseThrow().link(InterfaceName.of("eth0"))).isEmpty();
  }

  @Test
  void teardownLeavesANamespaceItDidNotCreate() {
    DesiredState noCreate = ConfigLoader.parse("t.yaml", CONFIG.replace("createNamespace: true", "createNamespace: false"), false).state();
    kernel.addNamespace(WEB);
    reconciler.apply(noCreate, op -> {});

    reconciler.teardown(noCreate, op -> {});

    assertThat(kernel.observe(Scope.whole(noCreate.namespaces())).exists(WEB)).isTrue();
  }

  @Test
  void aDeclaredNameHeldAsAnotherLinksAltNameIsAConflict() {
    kernel.addDevice(HOST, InterfaceName.of("dummy0"), "dummy", MacAddress.parse("02:00:00:00:00:05"), 1500);
    kernel.addAltName(HOST, InterfaceName.of("dummy0"), VETH_WEB);

    assertThat(plan().conflicts()).singleElement().satisfies(c -> assertThat(c.toString()).isEqualTo(
        "link veth-web: is an alternative name of link dummy0 (ip link property), which the kernel refuses to any other link"));
  }

  @Test
  void aHostProcessListeningOnAPublishedPortIsAWarningNotAConflict() {
    kernel.addListener(new Listener(Protocol.TCP, new Ipv4Address(0), 8080));
    kernel.addListener(new Listener(Protocol.UDP, new Ipv4Address(0), 8080));

    Plan plan = plan();

    assertThat(plan.isBlocked()).isFalse();
    assertThat(plan.warnings()).containsExactly("host port 8080/tcp is published to container web, but a host process listens on "
        + "0.0.0.0:8080; connections to that port will reach the container instead");
  }

  @Test
  void routeLocalnetIsOnOnlyWhileAPortIsPublishedOnLoopback() {
    converge();
    DesiredState onlyBound = ConfigLoader.parse("t.yaml", CONFIG.replace("{ host: 8080, container: 80 }",
        "{ host: 8080, container: 80, hostIp: 192.0.2.1 }"), false).state();

    assertThat(reconciler.plan(onlyBound).operations()).filteredOn(op -> op instanceof SetSysctl).singleElement()
        .isEqualTo(new SetSysctl(HOST, "net.ipv4.conf.nbr0.route_localnet", "0",
            Reason.differs("net.ipv4.conf.nbr0.route_localnet", "1", "0")));
  }

  @Test
  void aMappingThatMovesOrGoesMarksItsFlowsStale() {
    converge();
    DesiredState moved = ConfigLoader.parse("t.yaml", CONFIG.replace("{ host: 8080, container: 80 }", "{ host: 8080, container: 81 }"),
        false).state();

    ReplaceNatTable nat = (ReplaceNatTable) reconciler.plan(moved).operations().stream()
        .filter(op -> op instanceof ReplaceNatTable).findFirst().orElseThrow();

    assertThat(nat.staleFlows()).containsExactly(new PortMapping(8080, 80, Protocol.TCP, Ipv4Address.parse("10.88.0.2"), Optional.empty()));
    assertThat(nat.changes()).extracting(NatChange::toString).containsExactly("~ map tcp 8080 → 10.88.0.2:81 (was → 10.88.0.2:80)");
  }

  @Test
  void aNewMappingMarksTheFlowsOfItsHostPortStaleToo() {
    converge();
    DesiredState added = ConfigLoader.parse("t.yaml", CONFIG.replace("{ host: 8080, container: 80 }",
        "{ host: 8080, container: 80 }\n      - { host: 5353, container: 53, protocol: udp }"), false).state();

    ReplaceNatTable nat = (ReplaceNatTable) reconciler.plan(added).operations().stream()
        .filter(op -> op instanceof ReplaceNatTable).findFirst().orElseThrow();

    assertThat(nat.staleFlows()).containsExactly(new PortMapping(5353, 53, Protocol.UDP, Ipv4Address.parse("10.88.0.2"), Optional.empty()));
  }
}
