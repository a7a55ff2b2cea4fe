package io.netagent.it;

import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.attach;
import static io.netagent.testing.OperationFixtures.bridge;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.up;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Neighbour;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.observed.Route;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.Operation;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The netlink adapter's IPv6 against the real kernel (docs/kernel-facts.md §11): {@link NetlinkKernel}
 * in-process with a lab namespace as its host builds a bridge and a container with IPv6 addresses
 * (nodad), a default route, a permanent neighbour entry and a proxy entry; what it observes is
 * compared with {@code ip -j}; the kernel's refusals come back with their errno and text; a link
 * set down loses its IPv6 addresses; notifications tell of IPv6 drift made by hand.
 */
@ExtendWith(LabExtension.class)
class NetlinkIpv6IT {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final Ipv6Address GATEWAY6 = Ipv6Address.parse("fd00:77::1");
  private static final Ipv6Address IP6 = Ipv6Address.parse("fd00:77::11");
  private static final MacAddress CONTAINER_MAC = MacAddress.parse("02:42:0a:4e:00:0b");
  private static final InterfaceName ETH0 = InterfaceName.of("eth0");

  private Lab lab;
  private Path stateDir;
  private NetlinkKernel kernel;
  private NamespaceRef.Named c1;
  private InterfaceName bridge;
  private InterfaceName port;

  @BeforeEach
  void setUp() throws IOException {
    stateDir = Files.createTempDirectory("netagent-ipv6-" + lab.id + "-");
    kernel = NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host));
    lab.addNs("c1");
    c1 = named(lab.ns("c1"));
    bridge = InterfaceName.of(lab.id + "br");
    port = InterfaceName.of("v" + lab.id + "1");
  }

  @AfterEach
  void tearDown() {
    try {
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      Sh.run("rm", "-rf", stateDir.toString());
    }
  }

  /** Bridge with gateway6, a container with ip6 and a default route, the bridge's entries for it: §11's network. */
  private void build() {
    apply(bridge(bridge.value(), "02:42:0a:4e:00:01"));
    apply(veth(port.value(), c1, ETH0.value(), CONTAINER_MAC.toString()));
    apply(new SetSysctl(HOST, Sysctls.acceptRa(bridge), "0", WHY));
    apply(new SetSysctl(HOST, Sysctls.proxyNdp(bridge), "1", WHY));
    apply(new SetSysctl(HOST, Sysctls.proxyDelay(bridge), "0", WHY));
    apply(new AddAddress(HOST, new Address(bridge, new Ipv6Cidr(GATEWAY6, 64)), WHY));
    apply(new AddAddress(c1, new Address(ETH0, new Ipv6Cidr(IP6, 64)), WHY));
    apply(new AddAddress(c1, new Address(ETH0, Ipv4Cidr.parse("10.78.0.11/24")), WHY));
    apply(up(HOST, bridge.value()));
    apply(attach(port.value(), bridge.value()));
    apply(up(HOST, port.value()));
    apply(up(c1, ETH0.value()));
    apply(new AddRoute(c1, Route.via(Ipv6Subnet.ANY, GATEWAY6, ETH0, Ownership.ROUTE_PROTOCOL), WHY));
    apply(new SetNeighbour(new Neighbour(bridge, IP6, CONTAINER_MAC), WHY));
    apply(new AddProxyNeighbour(new ProxyNeighbour(bridge, IP6), WHY));
  }

  private void apply(Operation op) {
    kernel.apply(op);
  }

  private ObservedState observe() {
    return kernel.observe(Scope.whole(Set.of(c1)));
  }

  @Test
  void anIpv6NetworkIsBuiltUsableAtOnceAndObservedAsIpShowsIt() {
    build();
    // nodad: usable the moment the links are up, no duplicate address detection to wait for (§11A).
    assertThat(lab.in(lab.ns("c1"), "ping", "-6", "-c", "1", "-W", "2", GATEWAY6.toString()).code()).as("ping -6 gateway6 at once").isZero();
    for (JsonNode a : List.of(addressInfo(lab.host, bridge, GATEWAY6), addressInfo(lab.ns("c1"), ETH0, IP6))) {
      assertThat(a.path("nodad").asBoolean()).as("nodad: %s", a).isTrue();
      assertThat(a.has("tentative")).as("tentative: %s", a).isFalse();
    }

    ObservedState observed = observe();
    NamespaceState host = observed.host();
    NamespaceState container = observed.namespace(c1).orElseThrow();
    assertThat(ipv6Addresses(host)).containsExactlyInAnyOrderElementsOf(witnessAddresses(lab.host)).contains(bridge + " " + GATEWAY6 + "/64");
    assertThat(ipv6Addresses(container)).containsExactlyInAnyOrderElementsOf(witnessAddresses(lab.ns("c1")))
        .containsExactly("eth0 " + IP6 + "/64");
    assertThat(container.addresses()).contains(new Address(ETH0, Ipv4Cidr.parse("10.78.0.11/24")));
    assertThat(ipv6Routes(container)).containsExactlyInAnyOrderElementsOf(witnessRoutes(lab.ns("c1")))
        .contains("::/0 via " + GATEWAY6 + " dev eth0 proto 78", "fd00:77::/64 dev eth0 proto 2");
    assertThat(ipv6Routes(host)).containsExactlyInAnyOrderElementsOf(witnessRoutes(lab.host));
    assertThat(host.neighbours()).contains(new Neighbour(bridge, IP6, CONTAINER_MAC));
    assertThat(witness(lab.host, "-6", "neigh", "show", "nud", "permanent")).anySatisfy(n -> {
      assertThat(n.path("dst").asText()).isEqualTo(IP6.toString());
      assertThat(n.path("lladdr").asText()).isEqualTo(CONTAINER_MAC.toString());
    });
    assertThat(host.proxies()).containsExactly(new ProxyNeighbour(bridge, IP6));
    assertThat(proxyWitness()).containsExactly(bridge + " " + IP6);
    // CREATE|EXCL on an existing proxy entry: the kernel answers 0 all the same (§11C).
    apply(new AddProxyNeighbour(new ProxyNeighbour(bridge, IP6), WHY));
    assertThat(proxyWitness()).containsExactly(bridge + " " + IP6);

    apply(new RemoveProxyNeighbour(new ProxyNeighbour(bridge, IP6), WHY));
    assertThat(proxyWitness()).isEmpty();
    assertThat(observe().host().proxies()).isEmpty();
  }

  @Test
  void theIpv6SysctlsAreReadForBridgesAndOtherLinksButNotNetagentsOwnOrLo() {
    build();
    String other = lab.id + "x";
    lab.ok(lab.host, "ip", "link", "add", other, "type", "veth", "peer", "name", other + "p");
    String small = lab.id + "s";
    lab.ok(lab.host, "ip", "link", "add", small, "type", "veth", "peer", "name", small + "p");
    lab.ok(lab.host, "ip", "link", "set", small, "mtu", "1200");

    var sysctls = observe().host().sysctls();
    for (String key : List.of(Sysctls.IP_FORWARD, Sysctls.IPV6_FORWARDING, Sysctls.routeLocalnet(bridge), Sysctls.disableIpv6(bridge),
        Sysctls.acceptRa(bridge), Sysctls.proxyNdp(bridge), Sysctls.proxyDelay(bridge), Sysctls.acceptRa(InterfaceName.of(other)))) {
      assertThat(sysctls).as(key).containsEntry(key, lab.ok(lab.host, "sysctl", "-n", key.replace(".", "/")).trim());
    }
    assertThat(sysctls).containsEntry(Sysctls.acceptRa(bridge), "0").containsEntry(Sysctls.proxyNdp(bridge), "1")
        .containsEntry(Sysctls.proxyDelay(bridge), "0").containsEntry(Sysctls.acceptRa(InterfaceName.of(other)), "1");
    assertThat(sysctls).as("netagent's own port, lo, and a link without IPv6 state (MTU < 1280, §11A)")
        .doesNotContainKeys(Sysctls.acceptRa(port), Sysctls.acceptRa(InterfaceName.of("lo")), Sysctls.acceptRa(InterfaceName.of(small)));
    assertThat(observe().namespace(c1).orElseThrow().sysctls()).isEmpty();
  }

  @Test
  void theKernelsRefusalsComeBackWithTheirErrnoAndText() {
    build();
    assertRefused(new AddAddress(c1, new Address(ETH0, new Ipv6Cidr(IP6, 64)), WHY), Errno.EEXIST, "ipv6: address already assigned");
    assertRefused(new AddRoute(c1, Route.via(Ipv6Subnet.ANY, Ipv6Address.parse("fd00:99::1"), ETH0, Ownership.ROUTE_PROTOCOL), WHY),
        Errno.EHOSTUNREACH, null);
    assertRefused(new AddRoute(c1, Route.via(Ipv6Subnet.ANY, Ipv6Address.parse("fd00:77::2"), ETH0, Ownership.ROUTE_PROTOCOL), WHY),
        Errno.EEXIST, null);
    apply(new SetSysctl(c1, Sysctls.disableIpv6(ETH0), "1", WHY));
    assertRefused(new AddAddress(c1, new Address(ETH0, new Ipv6Cidr(Ipv6Address.parse("fd00:77::12"), 64)), WHY), Errno.EACCES,
        "ipv6: IPv6 is disabled on this device");
    assertRefused(new RemoveProxyNeighbour(new ProxyNeighbour(bridge, Ipv6Address.parse("fd00:77::99")), WHY), Errno.ENOENT, null);
  }

  /** @param text the kernel's extended-ACK text, or null where it gives none (§11B) */
  private void assertRefused(Operation op, Errno errno, String text) {
    assertThatThrownBy(() -> kernel.apply(op)).as(op.command()).isInstanceOfSatisfying(KernelException.class, e -> {
      assertThat(e.errno()).isEqualTo(errno);
      if (text != null) {
        assertThat(e.kernelMessage()).isEqualTo(text);
      }
    });
  }

  @Test
  void aLinkSetDownLosesItsIpv6AddressesAndRoutesButKeepsItsIpv4Ones() {
    build();
    lab.ok(lab.ns("c1"), "ip", "link", "set", "eth0", "down");
    NamespaceState container = observe().namespace(c1).orElseThrow();
    assertThat(container.addressesOn(ETH0)).containsExactly(new Address(ETH0, Ipv4Cidr.parse("10.78.0.11/24")));
    assertThat(ipv6Routes(container)).isEmpty();
  }

  /**
   * IPv6 drift made by hand is told by notifications that name the link, as IPv4's is; and the
   * incremental read that follows them sees what a whole read sees, the proxy entry removed by
   * hand included (no notification tells of it: it is read every time, §11C).
   */
  @Test
  void ipv6DriftIsNotifiedAndTheIncrementalReadSeesIt() throws InterruptedException {
    build();
    List<KernelEvent> events = new CopyOnWriteArrayList<>();
    Set<NamespaceRef> watched = new TreeSet<>(Set.of(HOST, c1));
    kernel.watch(watched, events::add);
    kernel.observe(Scope.changes(Set.of(c1)));
    int bridgeIndex = observe().host().link(bridge).orElseThrow().index();
    int eth0Index = observe().namespace(c1).orElseThrow().link(ETH0).orElseThrow().index();

    drift(lab.host, "ip", "addr", "del", GATEWAY6 + "/64", "dev", bridge.value());
    await("an address event on the bridge", events, e -> e.namespace().equals(HOST) && e.kind() == KernelEvent.Kind.ADDRESS
        && e.index() == bridgeIndex);
    drift(lab.ns("c1"), "ip", "-6", "route", "del", "default");
    await("a route event of netagent's protocol on eth0", events, e -> e.namespace().equals(c1) && e.kind() == KernelEvent.Kind.ROUTE
        && e.index() == eth0Index && e.protocol() == Ownership.ROUTE_PROTOCOL);
    drift(lab.host, "ip", "-6", "neigh", "del", IP6.toString(), "dev", bridge.value());
    await("a neighbour event on the bridge, not a dynamic one", events, e -> e.namespace().equals(HOST)
        && e.kind() == KernelEvent.Kind.NEIGHBOUR && e.index() == bridgeIndex && !e.isDynamicEntry());
    drift(lab.host, "ip", "-6", "neigh", "del", "proxy", IP6.toString(), "dev", bridge.value());
    assertThat(kernel.observe(Scope.changes(Set.of(c1))).host().proxies()).isEmpty();
  }

  /** A change by hand, then the incremental read must equal a whole one. */
  private void drift(String ns, String... command) {
    lab.ok(ns, command);
    String incremental = DifferentialIT.render(kernel.observe(Scope.changes(Set.of(c1))));
    assertThat(incremental).as("after %s", String.join(" ", command)).isEqualTo(DifferentialIT.render(observe()));
  }

  private static void await(String what, List<KernelEvent> events, Predicate<KernelEvent> wanted)
      throws InterruptedException {
    BooleanSupplier seen = () -> events.stream().anyMatch(wanted);
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!seen.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s; heard %s", what, BOUND, events).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Witnesses: ip -j, filtered as §11's observation spec says

  private JsonNode witness(String ns, String... args) {
    return lab.ip(ns, args);
  }

  private JsonNode addressInfo(String ns, InterfaceName link, Ipv6Address ip) {
    for (JsonNode a : witness(ns, "-6", "addr", "show", "dev", link.value()).get(0).path("addr_info")) {
      if (a.path("local").asText().equals(ip.toString())) {
        return a;
      }
    }
    throw new AssertionError(ip + " not on " + link + " in " + ns);
  }

  /** {@code ip -6 addr} of scope global, as "LINK ADDRESS/LEN". */
  private List<String> witnessAddresses(String ns) {
    List<String> result = new ArrayList<>();
    for (JsonNode link : witness(ns, "-6", "addr", "show")) {
      for (JsonNode a : link.path("addr_info")) {
        if (a.path("scope").asText().equals("global")) {
          result.add(link.path("ifname").asText() + " " + Ipv6Address.parse(a.path("local").asText()) + "/" + a.path("prefixlen").asInt());
        }
      }
    }
    return result;
  }

  private static List<String> ipv6Addresses(NamespaceState state) {
    return state.addresses().stream().filter(a -> a.family() == IpFamily.IPV6).map(a -> a.link() + " " + cidr(a.cidr())).toList();
  }

  private static String cidr(IpCidr cidr) {
    return cidr.address() + "/" + cidr.prefixLength();
  }

  /** {@code ip -6 -N route show table main} (protocols as numbers), unicast, without fe80::/10 and ::1, as "DST [via GW] dev LINK proto P". */
  private List<String> witnessRoutes(String ns) {
    List<String> result = new ArrayList<>();
    for (JsonNode r : witness(ns, "-6", "-N", "route", "show", "table", "main")) {
      String dst = r.path("dst").asText();
      Ipv6Subnet subnet = dst.equals("default") ? Ipv6Subnet.ANY : Ipv6Subnet.parse(dst.contains("/") ? dst : dst + "/128");
      boolean kernels = subnet.prefixLength() >= 10 && subnet.network().isLinkLocal() || subnet.equals(Ipv6Subnet.parse("::1/128"));
      if (kernels || (r.has("type") && !r.path("type").asText().equals("unicast"))) {
        continue;
      }
      String gateway = r.has("gateway") ? " via " + Ipv6Address.parse(r.path("gateway").asText()) : "";
      result.add(subnet + gateway + " dev " + r.path("dev").asText() + " proto " + r.path("protocol").asText());
    }
    return result;
  }

  private static List<String> ipv6Routes(NamespaceState state) {
    return state.routes().stream().filter(r -> r.family() == IpFamily.IPV6)
        .map(r -> r.destination() + r.gateway().map(g -> " via " + g).orElse("") + " dev " + r.link() + " proto " + r.protocol()).toList();
  }

  /** {@code ip -6 neigh show proxy}, as "LINK ADDRESS". */
  private List<String> proxyWitness() {
    List<String> result = new ArrayList<>();
    for (JsonNode n : witness(lab.host, "-6", "neigh", "show", "proxy")) {
      result.add(n.path("dev").asText() + " " + Ipv6Address.parse(n.path("dst").asText()));
    }
    return result;
  }
}
