package io.netagent.kernel.fake;

import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.model.Bridge;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.Mtu;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.AddressFlag;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.Neighbour;
import io.netagent.observed.Route;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.OperationHandler;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.RemoveFdbEntry;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetAlias;
import io.netagent.operations.SetBridgePort;
import io.netagent.operations.SetGroup;
import io.netagent.operations.SetMac;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetMtu;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import io.netagent.operations.SetUp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    setUp(new SetUp(op.namespace(), InterfaceName.of("lo"), op.reason()));
  }

  @Override
  public void deleteNamespace(DeleteNamespace op) {
    ns(op.namespace());
    kernel.drop(op.namespace());
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
    host.fdbAddLocal(link, null, link.mac);
  }

  @Override
  public void createVethPair(CreateVethPair op) {
    // The peer's namespace is opened (for IFLA_NET_NS_FD) before the kernel is asked anything.
    FakeNamespace host = ns(op.namespace());
    FakeNamespace peerNs = ns(op.peerNamespace());
    // veth_validate (drivers/net/veth.c) runs before the name checks and gives no text.
    if (op.mtu() < Mtu.MIN || op.mtu() > Mtu.MAX) {
      throw fail(Errno.EINVAL, "");
    }
    requireUnicast(op.hostMac());
    requireUnicast(op.peerMac());
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
    removeWithPeer(ns, link);
  }

  /** Removes a link and, for a veth, its peer wherever it lives: one end never outlives the other. */
  private void removeWithPeer(FakeNamespace ns, FakeLink link) {
    ns.removeLink(link);
    if (link.peer != null) {
      kernel.namespaces().get(link.peerNamespace).removeLink(link.peer);
    }
  }

  /** rtnl_group_dellink: every link of the group that can be deleted goes, veth peers with them; EOPNOTSUPP if one cannot. */
  @Override
  public void deleteLinkGroup(DeleteLinkGroup op) {
    FakeNamespace ns = ns(op.namespace());
    List<FakeLink> group = ns.links.values().stream().filter(l -> l.group == op.group()).toList();
    if (group.stream().anyMatch(l -> l.kind.isEmpty())) {
      throw fail(Errno.EOPNOTSUPP, "");
    }
    for (FakeLink link : group) {
      removeWithPeer(ns, link);
    }
  }

  /**
   * dev_validate_mtu checks the device's bounds; loopback has none (min_mtu and max_mtu 0). An
   * MTU below IPv4's minimum takes the link's IPv4 configuration away, one below IPv6's its IPv6
   * configuration (docs/kernel-facts.md §11A, A7).
   */
  @Override
  public void setMtu(SetMtu op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.name());
    if (link.loopback) {
      if (op.mtu() < 0) {
        throw fail(Errno.EINVAL, "");
      }
    } else {
      requireMtu(op.mtu());
    }
    link.mtu = op.mtu();
    if (op.mtu() < FakeNamespace.IPV6_MIN_MTU && link.loopback) {
      // addrconf_ifdown(dev, unregister = dev != loopback_dev): loopback keeps its IPv6 configuration, only its state goes.
      ns.ipv6Down(link.name);
    } else if (op.mtu() < FakeNamespace.IPV6_MIN_MTU && !link.ipv6Destroyed) {
      ns.destroyIpv6(link);
    } else if (op.mtu() >= FakeNamespace.IPV6_MIN_MTU && link.ipv6Destroyed) {
      link.ipv6Destroyed = false;
      ns.initIpv6Conf(link);
    }
    if (op.mtu() < Mtu.MIN && !link.ipv4Disabled) {
      link.ipv4Disabled = true;
      ns.addresses.removeIf(a -> a.link().equals(link.name));
      ns.flushRoutesVia(link.name, IpFamily.IPV4);
      ns.flushNeighbours(link.name, IpFamily.IPV4);
      ns.sysctls.keySet().removeIf(k -> k.startsWith("net.ipv4.conf." + link.name + "."));
    } else if (op.mtu() >= Mtu.MIN && link.ipv4Disabled) {
      link.ipv4Disabled = false;
      ns.initDevconf(link);
    }
  }

  @Override
  public void setMac(SetMac op) {
    FakeLink link = ns(op.namespace()).link(current, op.name());
    requireUnicast(op.mac());
    FakeNamespace ns = ns(op.namespace());
    if (link.isBridge() && !op.mac().equals(link.mac)) {
      ns.fdbBridgeChangesMac(link, op.mac());
    }
    link.mac = op.mac();
    if (link.master != null) {
      ns.fdbPortChangedMac(link);
    }
    // dev_set_mac_address notifies NETDEV_CHANGEADDR even when the address stays the same, and
    // neigh_changeaddr flushes the device's neighbours, permanent ones included.
    ns.flushNeighbours(link.name);
  }

  @Override
  public void setAlias(SetAlias op) {
    FakeLink link = ns(op.namespace()).link(current, op.name());
    if (op.alias().getBytes(StandardCharsets.UTF_8).length > 255) {
      throw fail(Errno.ERANGE, "Attribute failed policy validation");
    }
    link.alias = op.alias().isEmpty() ? null : op.alias();
    ns(op.namespace()).stateChanged(link);
  }

  @Override
  public void setGroup(SetGroup op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.name());
    link.group = op.group();
    ns.stateChanged(link);
  }

  @Override
  public void setUp(SetUp op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.name());
    if (link.loopback && !link.up && !link.ipv4Disabled) {
      // inetdev_event(NETDEV_UP) gives loopback 127.0.0.1/8 each time it comes up.
      Address loopback = new Address(link.name, Ipv4Cidr.parse("127.0.0.1/8"));
      if (!ns.addresses.contains(loopback)) {
        ns.addresses.add(loopback);
      }
    }
    if (!link.up) {
      link.up = true;
      ns.ipv6BelowMinimumMtu(link);
    }
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
    if (port.loopback) {
      throw fail(Errno.EINVAL, "");
    }
    // find_portno in net/bridge/br_if.c: ports are numbered 1 to 1023 (docs/kernel-facts.md §10).
    if (ns.portCount(bridge) >= Bridge.MAX_PORTS) {
      throw fail(Errno.EXFULL, "");
    }
    ns.attach(port, bridge);
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
    if (op.address().family() == IpFamily.IPV6) {
      addIpv6Address(op);
      return;
    }
    FakeNamespace ns = ns(op.namespace());
    if (ns.link(current, op.address().link()).ipv4Disabled) {
      throw fail(Errno.ENOBUFS, "");
    }
    if (op.address().cidr().prefixLength() > 32) {
      throw fail(Errno.EINVAL, "ipv4: Invalid prefix length");
    }
    if (ns.addresses.contains(op.address())) {
      throw fail(Errno.EEXIST, "ipv4: Address already assigned");
    }
    ns.addresses.add(op.address());
  }

  /**
   * inet6_rtm_newaddr: no IPv6 configuration (an MTU below 1280) fails in ipv6_find_idev; an
   * address the link has, whatever its prefix length, is EEXIST; then inet6_addr_add refuses a
   * link with disable_ipv6 (docs/kernel-facts.md §11A, A3). The model cannot hold a prefix longer
   * than 128, so the kernel's EINVAL for one is not played here.
   */
  private void addIpv6Address(AddAddress op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.address().link());
    if (link.ipv6Destroyed) {
      throw fail(Errno.EINVAL, "");
    }
    if (ns.addresses.stream().anyMatch(a -> a.link().equals(link.name) && a.cidr().address().equals(op.address().cidr().address()))) {
      throw fail(Errno.EEXIST, "ipv6: address already assigned");
    }
    if (ns.ipv6Setting(link.name, "disable_ipv6") != 0) {
      throw fail(Errno.EACCES, "ipv6: IPv6 is disabled on this device");
    }
    // Added with IFA_F_NODAD, as NetlinkKernel adds every IPv6 address (docs/kernel-facts.md §11A).
    ns.addresses.add(op.address().withFlags(Set.of(AddressFlag.NODAD)));
  }

  /** inet6_addr_del: no route or neighbour goes with an IPv6 address but its prefix route (docs/kernel-facts.md §11C). */
  private void removeIpv6Address(RemoveAddress op) {
    FakeNamespace ns = ns(op.namespace());
    if (ns.link(current, op.address().link()).ipv6Destroyed) {
      throw fail(Errno.ENXIO, "ipv6: IPv6 is disabled on this device");
    }
    if (!ns.addresses.removeIf(a -> a.link().equals(op.address().link()) && a.cidr().equals(op.address().cidr()))) {
      throw fail(Errno.EADDRNOTAVAIL, "ipv6: address not found");
    }
  }

  @Override
  public void removeAddress(RemoveAddress op) {
    if (op.address().family() == IpFamily.IPV6) {
      removeIpv6Address(op);
      return;
    }
    FakeNamespace ns = ns(op.namespace());
    if (ns.link(current, op.address().link()).ipv4Disabled) {
      throw fail(Errno.ENODEV, "ipv4: Device not found");
    }
    Address removed = op.address();
    if (!ns.addresses.contains(removed)) {
      throw fail(Errno.EADDRNOTAVAIL, "ipv4: Address not found");
    }
    boolean primary = ns.isPrimary(removed);
    ns.addresses.remove(removed);
    if (primary && !ns.promotesSecondaries(removed.link())) {
      // inet_del_ifa: without promote_secondaries, the secondaries of a primary go with it.
      ns.addresses.removeIf(a -> a.link().equals(removed.link()) && a.cidr().subnet().equals(removed.cidr().subnet()));
    }
    if (ns.addresses.stream().noneMatch(a -> a.link().equals(op.address().link()) && a.family() == IpFamily.IPV4)) {
      // The last IPv4 address gone: fib_disable_ip flushes the IPv4 routes via the link, arp_ifdown its IPv4 neighbours.
      ns.flushRoutesVia(op.address().link(), IpFamily.IPV4);
      ns.flushNeighbours(op.address().link(), IpFamily.IPV4);
    }
  }

  @Override
  public void addRoute(AddRoute op) {
    if (op.route().family() == IpFamily.IPV6) {
      addIpv6Route(op);
      return;
    }
    FakeNamespace ns = ns(op.namespace());
    Route route = op.route();
    FakeLink link = ns.link(current, route.link());
    if (route.gateway().isEmpty() && link.ipv4Disabled) {
      throw fail(Errno.ENODEV, "");
    }
    if (route.gateway().isEmpty() && !link.up) {
      throw fail(Errno.ENETDOWN, "Device for nexthop is not up");
    }
    if (route.gateway().isPresent()) {
      requireGateway(ns, link, (Ipv4Address) route.gateway().get());
    }
    if (ns.routes().stream().anyMatch(r -> r.destination().equals(route.destination()))) {
      throw fail(Errno.EEXIST, "");
    }
    ns.routes.add(route);
  }

  /**
   * fib6_nh_init, in its order: the link's IPv6 configuration (ENODEV without one); the gateway
   * reached through the link by a route without gateway, which on a down link there is none of
   * (ip6_validate_gw: EHOSTUNREACH, no text); disable_ipv6; the link up. A second route to the
   * same destination is EEXIST (docs/kernel-facts.md §11B, B2).
   */
  private void addIpv6Route(AddRoute op) {
    FakeNamespace ns = ns(op.namespace());
    Route route = op.route();
    FakeLink link = ns.link(current, route.link());
    if (link.ipv6Destroyed) {
      throw fail(Errno.ENODEV, "");
    }
    if (route.gateway().isPresent()) {
      Ipv6Address gateway = (Ipv6Address) route.gateway().get();
      // ip6_validate_gw looks for a global gateway among the addresses of every link first.
      if (ns.addresses.stream().anyMatch(a -> a.cidr().address().equals(gateway))) {
        throw fail(Errno.EINVAL, "Gateway can not be a local address");
      }
      // fib6_nh_init turns every route through loopback into a reject route, so a gateway on lo
      // is never reachable (docs/kernel-facts.md §11B).
      boolean onLink = link.up && !link.loopback && ns.routes().stream().anyMatch(r -> r.gateway().isEmpty()
          && r.link().equals(link.name) && r.destination() instanceof Ipv6Subnet s && s.contains(gateway));
      if (!onLink) {
        throw fail(Errno.EHOSTUNREACH, "");
      }
    }
    if (ns.ipv6Setting(link.name, "disable_ipv6") != 0) {
      throw fail(Errno.EACCES, "IPv6 is disabled on nexthop device");
    }
    if (!link.up) {
      throw fail(Errno.ENETDOWN, "Nexthop device is not up");
    }
    // fib6_add_rt2 refuses (EXCL) a route of the same destination and metric only: the kernel's
    // prefix routes have metric 256, netagent's (no RTA_PRIORITY) 1024 (docs/kernel-facts.md §11B).
    if (ns.routes.stream().anyMatch(r -> r.destination().equals(route.destination()))) {
      throw fail(Errno.EEXIST, "");
    }
    ns.routes.add(route);
  }

  /**
   * fib_check_nh_v4_gw: the gateway must be reached through the link itself by a route of scope
   * link or host, looked up in the local table, then the main table. The local table holds a
   * local route for each address of the link (up or not), a broadcast route for the broadcast
   * address of each primary address shorter than /31, and on loopback, a local route for each
   * of its subnets; the last two only while the link is up (fib_add_ifaddr).
   */
  private void requireGateway(FakeNamespace ns, FakeLink link, Ipv4Address gateway) {
    int best = -1;
    boolean broadcast = false;
    for (Address a : ns.addresses) {
      if (!a.link().equals(link.name) || a.family() != IpFamily.IPV4) {
        continue;
      }
      Ipv4Subnet subnet = (Ipv4Subnet) a.cidr().subnet();
      boolean primary = ns.isPrimary(a);
      if (a.cidr().address().equals(gateway) && 32 > best) {
        best = 32;
        broadcast = false;
      }
      if (link.up && primary && a.cidr().prefixLength() < 31 && subnet.broadcast().equals(gateway) && 32 > best) {
        best = 32;
        broadcast = true;
      }
      if (link.up && primary && link.loopback && subnet.contains(gateway) && subnet.prefixLength() > best) {
        best = subnet.prefixLength();
        broadcast = false;
      }
    }
    if (best >= 0) {
      if (broadcast) {
        throw fail(Errno.EINVAL, "Nexthop has invalid gateway");
      }
      if (!link.up) {
        throw fail(Errno.ENETDOWN, "");
      }
      return;
    }
    boolean onLink = ns.routes().stream()
        .anyMatch(r -> r.gateway().isEmpty() && r.link().equals(link.name) && r.destination() instanceof Ipv4Subnet s && s.contains(gateway));
    if (!onLink) {
      throw fail(Errno.ENETUNREACH, "Nexthop has invalid gateway");
    }
  }

  @Override
  public void removeRoute(RemoveRoute op) {
    FakeNamespace ns = ns(op.namespace());
    // The output interface is named: a name no link has is ENODEV, as for every other operation.
    ns.link(current, op.route().link());
    if (!ns.routes.removeIf(r -> r.sameRoute(op.route()) && r.protocol() == op.route().protocol())) {
      throw fail(Errno.ESRCH, "");
    }
  }

  @Override
  public void setNeighbour(SetNeighbour op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.neighbour().link());
    if (op.neighbour().family() == IpFamily.IPV6) {
      setIpv6Neighbour(ns, link, op.neighbour());
      return;
    }
    if (link.ipv4Disabled) {
      // arp_constructor: no IPv4 configuration on the device.
      throw fail(Errno.EINVAL, "");
    }
    // ARP keys every neighbour of a loopback device by 0.0.0.0: one entry, whatever the address.
    Neighbour n = link.loopback ? new Neighbour(link.name, new Ipv4Address(0), op.neighbour().mac()) : op.neighbour();
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
  /**
   * neigh_add: a new IPv6 entry needs the link's IPv6 on (ndisc_allow_add: EINVAL); an existing
   * one is replaced (CREATE|REPLACE, docs/kernel-facts.md §11C, C7).
   */
  private void setIpv6Neighbour(FakeNamespace ns, FakeLink link, Neighbour n) {
    boolean exists = ns.neighbours.removeIf(e -> e.link().equals(n.link()) && e.ip().equals(n.ip()));
    if (!exists && (link.ipv6Destroyed || ns.ipv6Setting(link.name, "disable_ipv6") != 0)) {
      throw fail(Errno.EINVAL, "IPv6 is disabled on this device");
    }
    ns.neighbours.add(n);
  }

  /**
   * neigh_add with NTF_PROXY: pneigh_lookup creates the entry or finds it (no EEXIST, whatever the
   * flags); pndisc_constructor refuses a link without IPv6 configuration, which neigh_add answers
   * with ENOBUFS.
   */
  @Override
  public void addProxyNeighbour(AddProxyNeighbour op) {
    FakeNamespace ns = ns(op.namespace());
    FakeLink link = ns.link(current, op.proxy().link());
    if (link.ipv6Destroyed) {
      throw fail(Errno.ENOBUFS, "");
    }
    if (!ns.proxies.contains(op.proxy())) {
      ns.proxies.add(op.proxy());
    }
  }

  /** pneigh_delete: ENOENT for an entry the link does not have. */
  @Override
  public void removeProxyNeighbour(RemoveProxyNeighbour op) {
    FakeNamespace ns = ns(op.namespace());
    ns.link(current, op.proxy().link());
    if (!ns.proxies.remove(op.proxy())) {
      throw fail(Errno.ENOENT, "");
    }
  }


  /**
   * rtnl_fdb_add: only Ethernet devices; a static entry (NTF_MASTER) goes to the bridge of a
   * port, a local one (NTF_SELF) to a bridge's own database, or on any other device to its
   * unicast address list (ndo_dflt_fdb_add), which is no bridge database and not observed.
   */
  @Override
  public void addFdbEntry(AddFdbEntry op) {
    FakeNamespace ns = ns(op.namespace());
    FdbEntry entry = op.entry();
    FakeLink device = ns.link(current, entry.device());
    if (!device.isEthernet()) {
      throw fail(Errno.EINVAL, "FDB add only supported for Ethernet devices");
    }
    if (entry.kind() == FdbEntry.Kind.STATIC) {
      if (device.master == null) {
        // NTF_MASTER on a device that is no bridge port matches no branch.
        throw fail(Errno.EOPNOTSUPP, "");
      }
      ns.fdbAddEntry(device.master, device, entry.mac(), false);
    } else if (device.isBridge()) {
      ns.fdbAddEntry(device, null, entry.mac(), true);
    }
  }

  /**
   * rtnl_fdb_del: an entry is deleted where it points: behind the port (NTF_MASTER), or to the
   * bridge itself (NTF_SELF), the kernel's own entries included. netagent's delete request
   * carries no NUD state, which ndo_dflt_fdb_del (NTF_SELF on a device that is no bridge)
   * refuses.
   */
  @Override
  public void removeFdbEntry(RemoveFdbEntry op) {
    FakeNamespace ns = ns(op.namespace());
    FdbEntry entry = op.entry();
    FakeLink device = ns.link(current, entry.device());
    if (!device.isEthernet()) {
      throw fail(Errno.EINVAL, "FDB delete only supported for Ethernet devices");
    }
    FakeLink bridge;
    FakeLink dst;
    if (entry.kind() == FdbEntry.Kind.STATIC) {
      if (device.master == null) {
        throw fail(Errno.EOPNOTSUPP, "");
      }
      bridge = device.master;
      dst = device;
    } else {
      if (!device.isBridge()) {
        throw fail(Errno.EINVAL, "");
      }
      bridge = device;
      dst = null;
    }
    FakeFdbEntry found = ns.findFdb(bridge, entry.mac());
    if (found == null || found.dst != dst) {
      throw fail(Errno.ENOENT, "");
    }
    ns.fdb.remove(found);
  }

  @Override
  public void setSysctl(SetSysctl op) {
    FakeNamespace ns = ns(op.namespace());
    String key = op.key();
    boolean known = ns.sysctls.containsKey(key) || linkSysctl(ns, key).isPresent() || allOrDefault(key);
    if (!known) {
      throw fail(Errno.ENOENT, "");
    }
    // proc_dointvec: any integer, no range.
    if (!op.value().matches("-?\\d{1,9}")) {
      throw fail(Errno.EINVAL, "");
    }
    String value = String.valueOf(Integer.parseInt(op.value()));
    if (key.startsWith("net.ipv6.conf.")) {
      setIpv6Conf(ns, key, value);
    } else {
      ns.sysctls.put(key, value);
    }
  }

  /**
   * {@code all.forwarding} and {@code all.disable_ipv6} write every link's value and the
   * default's (addrconf_fixup_forwarding, addrconf_disable_change; docs/kernel-facts.md §11D, D1);
   * a link whose {@code disable_ipv6} goes from 0 to another value loses its IPv6 state
   * (dev_disable_change, §11A, A5).
   */
  private static void setIpv6Conf(FakeNamespace ns, String key, String value) {
    String setting = key.substring(key.lastIndexOf('.') + 1);
    String device = key.substring("net.ipv6.conf.".length(), key.lastIndexOf('.'));
    List<String> devices = new ArrayList<>(List.of(device));
    if (device.equals("all") && (setting.equals("forwarding") || setting.equals("disable_ipv6"))) {
      devices.add("default");
      ns.links.values().stream().filter(l -> !l.ipv6Destroyed).forEach(l -> devices.add(l.name.value()));
    }
    for (String d : devices) {
      String k = Sysctls.ipv6Conf(d, setting);
      boolean disabling = setting.equals("disable_ipv6") && ns.sysctls.get(k).equals("0") && !value.equals("0");
      ns.sysctls.put(k, value);
      if (disabling) {
        ns.links.values().stream().filter(l -> l.name.value().equals(d)).forEach(l -> ns.ipv6Down(l.name));
      }
    }
  }

  /** {@code net.ipv4.conf.all.SETTING} and {@code net.ipv4.conf.default.SETTING}, for the devconf settings Linux has. */
  private static boolean allOrDefault(String key) {
    for (String device : new String[] {"all", "default"}) {
      String prefix = "net.ipv4.conf." + device + ".";
      if (key.startsWith(prefix) && DEVCONF.contains(key.substring(prefix.length()))) {
        return true;
      }
    }
    return false;
  }

  /** {@code net.ipv4.conf.IFACE.SETTING} exists while IFACE does, for the devconf settings Linux has. */
  private static Optional<FakeLink> linkSysctl(FakeNamespace ns, String key) {
    String prefix = "net.ipv4.conf.";
    int dot = key.indexOf('.', prefix.length());
    if (!key.startsWith(prefix) || dot < 0 || !DEVCONF.contains(key.substring(dot + 1))) {
      return Optional.empty();
    }
    String name = key.substring(prefix.length(), dot);
    return ns.links.values().stream().filter(l -> l.name.value().equals(name) && !l.ipv4Disabled).findFirst();
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
