package io.netagent.kernel.fake;

import io.netagent.error.KernelException;
import io.netagent.kernel.FdbEntry;
import io.netagent.kernel.Neighbour;
import io.netagent.kernel.Route;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.Mtu;
import io.netagent.model.NamespaceRef;
import io.netagent.plan.AddAddress;
import io.netagent.plan.AddFdbEntry;
import io.netagent.plan.AddRoute;
import io.netagent.plan.CreateBridge;
import io.netagent.plan.CreateNamespace;
import io.netagent.plan.CreateVethPair;
import io.netagent.plan.DeleteLink;
import io.netagent.plan.DeleteNamespace;
import io.netagent.plan.DeleteNatTable;
import io.netagent.plan.OperationHandler;
import io.netagent.plan.RemoveAddress;
import io.netagent.plan.RemoveFdbEntry;
import io.netagent.plan.RemoveNeighbour;
import io.netagent.plan.RemoveRoute;
import io.netagent.plan.ReplaceNatTable;
import io.netagent.plan.SetAlias;
import io.netagent.plan.SetBridgePort;
import io.netagent.plan.SetGroup;
import io.netagent.plan.SetMac;
import io.netagent.plan.SetMaster;
import io.netagent.plan.SetMtu;
import io.netagent.plan.SetNeighbour;
import io.netagent.plan.SetSysctl;
import io.netagent.plan.SetUp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory kernel's handling of each operation, answering with the errno (and, where the
 * real kernel gives one, the extended-ACK text) that Linux answers with.
 */
final class FakeOperations implements OperationHandler {
  private final FakeKernel kernel;
  /** The command being applied, for error messages. */
  String current = "";

  FakeOperations(FakeKernel kernel) {
    this.kernel = kernel;
  }

  private KernelException fail(Errno errno, String message) {
    return new KernelException(current, errno, message);
  }

  private FakeNamespace ns(NamespaceRef ref) {
    return kernel.namespace(current, ref);
  }

  /** The kernel's name checks, in its order: length (nla policy), validity, uniqueness. */
  static void requireFreeName(String operation, FakeNamespace ns, InterfaceName name) {
    if (name.value().getBytes(StandardCharsets.UTF_8).length > InterfaceName.MAX_BYTES) {
      throw new KernelException(operation, Errno.ERANGE, "Attribute failed policy validation");
    }
    if (ns.links.containsKey(name) || ns.links.values().stream().anyMatch(l -> l.altNames.contains(name))) {
      throw new KernelException(operation, Errno.EEXIST, "");
    }
  }

  private void requireMtu(int mtu) {
    if (mtu < Mtu.MIN) {
      throw fail(Errno.EINVAL, "mtu less than device minimum");
    }
    if (mtu > Mtu.MAX) {
      throw fail(Errno.EINVAL, "mtu greater than device maximum");
    }
  }

  /** is_valid_ether_addr, checked by veth_validate and br_validate. */
  private void requireUnicast(MacAddress mac) {
    if (mac.isMulticast() || mac.isZero()) {
      throw fail(Errno.EADDRNOTAVAIL, "");
    }
  }

  @Override
  public void createNamespace(CreateNamespace op) {
    if (kernel.namespaces().containsKey(op.namespace())) {
      throw fail(Errno.EEXIST, "");
    }
    kernel.namespaces().put(op.namespace(), new FakeNamespace(op.namespace()));
    kernel.owned().add(op.namespace());
  }

  @Override
  public void deleteNamespace(DeleteNamespace op) {
    FakeNamespace ns = ns(op.namespace());
    for (FakeLink link : new ArrayList<>(ns.links.values())) {
      if (link.peer != null) {
        FakeNamespace peerNs = kernel.namespaces().get(link.peerNamespace);
        peerNs.removeLink(link.peer);
      }
    }
    kernel.namespaces().remove(op.namespace());
    kernel.owned().remove(op.namespace());
  }

  @Override
  public void createBridge(CreateBridge op) {
    requireUnicast(op.mac());
    FakeNamespace host = ns(op.namespace());
    requireFreeName(current, host, op.name());
    requireMtu(op.mtu());
    FakeLink link = host.addLink(op.name(), "bridge", op.mac(), op.mtu());
    link.alias = op.alias().isEmpty() ? null : op.alias();
    link.group = op.group();
  }

  @Override
  public void createVethPair(CreateVethPair op) {
    // veth_validate (drivers/net/veth.c) runs before anything else and gives no text.
    if (op.mtu() < Mtu.MIN || op.mtu() > Mtu.MAX) {
      throw fail(Errno.EINVAL, "");
    }
    requireUnicast(op.hostMac());
    requireUnicast(op.peerMac());
    FakeNamespace host = ns(op.namespace());
    FakeNamespace peerNs = ns(op.peerNamespace());
    requireFreeName(current, host, op.hostName());
    requireFreeName(current, peerNs, op.peerName());
    if (host == peerNs && op.hostName().equals(op.peerName())) {
      throw fail(Errno.EEXIST, "");
    }
    FakeLink a = host.addLink(op.hostName(), "veth", op.hostMac(), op.mtu());
    FakeLink b = peerNs.addLink(op.peerName(), "veth", op.peerMac(), op.mtu());
    a.alias = op.alias().isEmpty() ? null : op.alias();
    a.group = op.group();
    b.group = op.group();
    a.peer = b;
    a.peerNamespace = op.peerNamespace();
    b.peer = a;
    b.peerNamespace = op.namespace();
  }

  @Override
  public void deleteLink(DeleteLink op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.name());
    if (link.kind.isEmpty()) {
      throw fail(Errno.EOPNOTSUPP, "");
    }
    ns.removeLink(link);
    if (link.peer != null) {
      kernel.namespaces().get(link.peerNamespace).removeLink(link.peer);
    }
  }

  @Override
  public void setMtu(SetMtu op) {
    FakeLink link = ns(op.namespace()).link(current, op.name());
    requireMtu(op.mtu());
    link.mtu = op.mtu();
  }

  @Override
  public void setMac(SetMac op) {
    FakeLink link = ns(op.namespace()).link(current, op.name());
    requireUnicast(op.mac());
    if (!op.mac().equals(link.mac)) {
      link.mac = op.mac();
      ns(op.namespace()).flushNeighbours(link.name);
    }
  }

  @Override
  public void setAlias(SetAlias op) {
    FakeLink link = ns(op.namespace()).link(current, op.name());
    if (op.alias().getBytes(StandardCharsets.UTF_8).length > 255) {
      throw fail(Errno.ERANGE, "Attribute failed policy validation");
    }
    link.alias = op.alias().isEmpty() ? null : op.alias();
  }

  @Override
  public void setGroup(SetGroup op) {
    ns(op.namespace()).link(current, op.name()).group = op.group();
  }

  @Override
  public void setUp(SetUp op) {
    ns(op.namespace()).link(current, op.name()).up = true;
  }

  @Override
  public void setMaster(SetMaster op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink port = ns.link(current, op.name());
    FakeLink bridge = ns.link(current, op.master());
    if (port.master == bridge) {
      return;
    }
    // do_set_master (net/core/rtnetlink.c) detaches from the old master before it looks at
    // the new one, so a refused attach still leaves the port detached.
    ns.detach(port);
    if (!bridge.isBridge()) {
      throw fail(Errno.EOPNOTSUPP, "");
    }
    if (port.isBridge()) {
      throw fail(Errno.ELOOP, "Can not enslave a bridge to a bridge");
    }
    if (port.kind.isEmpty() && port.name.value().equals("lo")) {
      throw fail(Errno.EINVAL, "");
    }
    port.master = bridge;
  }

  @Override
  public void setBridgePort(SetBridgePort op) {
    FakeLink port = ns(op.namespace()).link(current, op.name());
    if (port.master == null || !port.master.isBridge()) {
      throw fail(Errno.EOPNOTSUPP, "");
    }
    port.port = op.options();
  }

  @Override
  public void addAddress(AddAddress op) {
    FakeNamespace ns = ns(op.namespace());
    ns.link(current, op.address().link());
    if (op.address().cidr().prefixLength() > 32) {
      throw fail(Errno.EINVAL, "ipv4: Invalid prefix length");
    }
    if (ns.addresses.contains(op.address())) {
      throw fail(Errno.EEXIST, "ipv4: Address already assigned");
    }
    ns.addresses.add(op.address());
  }

  @Override
  public void removeAddress(RemoveAddress op) {
    FakeNamespace ns = ns(op.namespace());
    ns.link(current, op.address().link());
    if (!ns.addresses.remove(op.address())) {
      throw fail(Errno.EADDRNOTAVAIL, "");
    }
    if (ns.addresses.stream().noneMatch(a -> a.link().equals(op.address().link()))) {
      // The last address gone: fib_disable_ip flushes the routes via the link, arp_ifdown its neighbours.
      ns.flushRoutesVia(op.address().link());
      ns.flushNeighbours(op.address().link());
    }
  }

  @Override
  public void addRoute(AddRoute op) {
    FakeNamespace ns = ns(op.namespace());
    Route route = op.route();
    FakeLink link = ns.link(current, route.link());
    if (route.gateway().isEmpty() && !link.up) {
      throw fail(Errno.ENETDOWN, "Device for nexthop is not up");
    }
    if (route.gateway().isPresent()) {
      boolean reachable = ns.routes().stream().anyMatch(r -> r.gateway().isEmpty() && r.link().equals(route.link())
          && r.destination().contains(route.gateway().get()));
      if (!reachable) {
        throw fail(Errno.ENETUNREACH, "Nexthop has invalid gateway");
      }
    }
    if (ns.routes().stream().anyMatch(r -> r.destination().equals(route.destination()))) {
      throw fail(Errno.EEXIST, "");
    }
    ns.routes.add(route);
  }

  @Override
  public void removeRoute(RemoveRoute op) {
    FakeNamespace ns = ns(op.namespace());
    if (!ns.routes.removeIf(r -> r.sameRoute(op.route()) && r.protocol() == op.route().protocol())) {
      throw fail(Errno.ESRCH, "");
    }
  }

  @Override
  public void setNeighbour(SetNeighbour op) {
    FakeNamespace ns = ns(op.namespace());
    Neighbour n = op.neighbour();
    ns.link(current, n.link());
    ns.neighbours.removeIf(e -> e.link().equals(n.link()) && e.ip().equals(n.ip()));
    ns.neighbours.add(n);
  }

  @Override
  public void removeNeighbour(RemoveNeighbour op) {
    FakeNamespace ns = ns(op.namespace());
    Neighbour n = op.neighbour();
    ns.link(current, n.link());
    if (!ns.neighbours.removeIf(e -> e.link().equals(n.link()) && e.ip().equals(n.ip()))) {
      throw fail(Errno.ENOENT, "");
    }
  }

  @Override
  public void addFdbEntry(AddFdbEntry op) {
    FakeNamespace ns = ns(op.namespace());
    FdbEntry entry = op.entry();
    FakeLink device = ns.link(current, entry.device());
    if (entry.kind() == FdbEntry.Kind.STATIC && (device.master == null || !device.master.isBridge())) {
      // rtnl_fdb_add: NTF_MASTER on a device that is no bridge port finds no handler.
      throw fail(Errno.EOPNOTSUPP, "");
    }
    if (entry.kind() == FdbEntry.Kind.LOCAL && !device.isBridge()) {
      // NTF_SELF on a plain Ethernet device goes to ndo_dflt_fdb_add (its unicast list, not a
      // bridge database); on lo it is refused.
      if (device.mac == null || device.mac.isZero()) {
        throw fail(Errno.EINVAL, "FDB add only supported for Ethernet devices");
      }
      return;
    }
    FakeLink bridge = entry.kind() == FdbEntry.Kind.STATIC ? device.master : device;
    // "replace": one entry per MAC in a bridge's database, wherever it pointed before.
    ns.fdb.removeIf(e -> e.mac().equals(entry.mac()) && bridgeOf(ns, e) == bridge);
    ns.fdb.add(entry);
  }

  private static FakeLink bridgeOf(FakeNamespace ns, FdbEntry e) {
    FakeLink device = ns.links.get(e.device());
    return device == null ? null : e.kind() == FdbEntry.Kind.STATIC ? device.master : device;
  }

  @Override
  public void removeFdbEntry(RemoveFdbEntry op) {
    FakeNamespace ns = ns(op.namespace());
    ns.link(current, op.entry().device());
    if (!ns.fdb.remove(op.entry())) {
      throw fail(Errno.ENOENT, "");
    }
  }

  @Override
  public void setSysctl(SetSysctl op) {
    FakeNamespace ns = ns(op.namespace());
    String key = op.key();
    boolean known = ns.sysctls.containsKey(key) || linkSysctl(ns, key).isPresent();
    if (!known) {
      throw fail(Errno.ENOENT, "");
    }
    // proc_dointvec: any integer, no range.
    if (!op.value().matches("-?\\d{1,9}")) {
      throw fail(Errno.EINVAL, "");
    }
    ns.sysctls.put(key, String.valueOf(Integer.parseInt(op.value())));
  }

  /** {@code net.ipv4.conf.IFACE.SETTING} exists while IFACE does, for the devconf settings Linux has. */
  private static Optional<FakeLink> linkSysctl(FakeNamespace ns, String key) {
    String prefix = "net.ipv4.conf.";
    int dot = key.indexOf('.', prefix.length());
    if (!key.startsWith(prefix) || dot < 0 || !DEVCONF.contains(key.substring(dot + 1))) {
      return Optional.empty();
    }
    String name = key.substring(prefix.length(), dot);
    return ns.links.values().stream().filter(l -> l.name.value().equals(name)).findFirst();
  }

  /** Some of the per-interface IPv4 settings of /proc/sys/net/ipv4/conf/IFACE (devinet.c). */
  private static final Set<String> DEVCONF = Set.of("forwarding", "route_localnet", "proxy_arp",
      "proxy_arp_pvlan", "rp_filter", "accept_local", "arp_ignore", "arp_announce", "arp_accept", "arp_notify", "send_redirects",
      "accept_redirects", "secure_redirects", "shared_media", "accept_source_route", "log_martians", "bootp_relay",
      "disable_policy", "disable_xfrm", "promote_secondaries", "drop_gratuitous_arp", "drop_unicast_in_l2_multicast",
      "ignore_routes_with_linkdown", "mc_forwarding", "medium_id", "src_valid_mark", "tag", "arp_filter", "bc_forwarding");

  @Override
  public void replaceNatTable(ReplaceNatTable op) {
    kernel.setNat(Optional.of(op.ruleset()));
  }

  @Override
  public void deleteNatTable(DeleteNatTable op) {
    if (kernel.nat().isEmpty()) {
      throw fail(Errno.ENOENT, "");
    }
    kernel.setNat(Optional.empty());
  }
}
