package io.netagent.kernel.fake;

import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpFamily;
import io.netagent.model.IpSubnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.BridgePort;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.Link;
import io.netagent.observed.LinkRef;
import io.netagent.observed.NamespaceId;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Neighbour;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.observed.Route;
import io.netagent.observed.Sysctls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** One network namespace of the in-memory kernel, with the kernel's rules for what lives in it. */
final class FakeNamespace {
  final NamespaceRef ref;
  final Map<InterfaceName, FakeLink> links = new LinkedHashMap<>();
  final List<Address> addresses = new ArrayList<>();
  /** Routes added explicitly; the subnet routes of addresses are derived in {@link #routes()}. */
  final List<Route> routes = new ArrayList<>();
  final List<Neighbour> neighbours = new ArrayList<>();
  final List<ProxyNeighbour> proxies = new ArrayList<>();
  /** The forwarding databases of the bridges in this namespace, the kernel's own entries included. */
  final List<FakeFdbEntry> fdb = new ArrayList<>();
  final Map<String, String> sysctls = new HashMap<>();
  private int nextIndex = 1;

  /** nsfs's device, as the fakes show it; each namespace its own inode. */
  private static final long DEVICE = 4;
  private static final AtomicLong INODES = new AtomicLong(4026531840L);
  /** Its identity, as the real kernel's nsfs gives one to each namespace. */
  final NamespaceId id = new NamespaceId(DEVICE, INODES.incrementAndGet());

  FakeNamespace(NamespaceRef ref) {
    this.ref = ref;
    // A new namespace's IPv6 settings are the compiled defaults, not the host's
    // (devconf_inherit_init_net 0, docs/kernel-facts.md §11A, A5).
    for (String device : new String[] {"all", "default"}) {
      IPV6_DEFAULTS.forEach((setting, value) -> sysctls.put(Sysctls.ipv6Conf(device, setting), value));
    }
    sysctls.put(Sysctls.ipv6Neigh("default", "proxy_delay"), "80");
    addLink(InterfaceName.of("lo"), "", new MacAddress(0), 65536).loopback = true;
    sysctls.put(Sysctls.IP_FORWARD, "0");
  }

  /** The per-link IPv6 settings this kernel knows, with their compiled defaults. */
  static final Map<String, String> IPV6_DEFAULTS = Map.of("forwarding", "0", "disable_ipv6", "0", "accept_ra", "1", "proxy_ndp", "0");

  /** IPV6_MIN_MTU: below it a link has no IPv6 configuration. */
  static final int IPV6_MIN_MTU = 1280;

  FakeLink addLink(InterfaceName name, String kind, MacAddress mac, int mtu) {
    FakeLink link = new FakeLink(nextIndex++, name, kind, mac, mtu);
    links.put(name, link);
    initDevconf(link);
    if (mtu < IPV6_MIN_MTU) {
      // ipv6_add_dev refuses a device below 1280: it is born without IPv6 (docs/kernel-facts.md §11A, A7).
      link.ipv6Destroyed = true;
    } else {
      initIpv6Conf(link);
    }
    return link;
  }

  /**
   * A link's IPv6 settings are a copy of the namespace's {@code default} ones (ipv6_add_dev), its
   * neighbour parameters of {@code net.ipv6.neigh.default} (neigh_parms_alloc): a veth end
   * created where {@code default.disable_ipv6} is 1 starts disabled (docs/kernel-facts.md §11A).
   */
  void initIpv6Conf(FakeLink link) {
    String name = link.name.value();
    IPV6_DEFAULTS.keySet().forEach(setting -> sysctls.put(Sysctls.ipv6Conf(name, setting), sysctls.get(Sysctls.ipv6Conf("default", setting))));
    sysctls.put(Sysctls.ipv6Neigh(name, "proxy_delay"), sysctls.get(Sysctls.ipv6Neigh("default", "proxy_delay")));
  }

  /** An IPv6 setting of a link as the kernel has it now. */
  int ipv6Setting(InterfaceName link, String setting) {
    return Integer.parseInt(sysctls.getOrDefault(Sysctls.ipv6Conf(link.value(), setting), "0"));
  }

  /**
   * addrconf_ifdown and rt6_disable_ip, on admin down or {@code disable_ipv6=1}: the link's IPv6
   * addresses go, with the IPv6 routes through it and its IPv6 neighbour and proxy entries
   * (neigh_ifdown on nd_tbl) (docs/kernel-facts.md §11A, A6; §11C).
   */
  void ipv6Down(InterfaceName link) {
    addresses.removeIf(a -> a.link().equals(link) && a.family() == IpFamily.IPV6);
    routes.removeIf(r -> r.link().equals(link) && r.family() == IpFamily.IPV6);
    neighbours.removeIf(n -> n.link().equals(link) && n.family() == IpFamily.IPV6);
    proxies.removeIf(p -> p.link().equals(link));
  }

  /** An MTU below 1280: addrconf_ifdown with unregister, the link's IPv6 settings gone with its state (§11A, A7). */
  void destroyIpv6(FakeLink link) {
    ipv6Down(link.name);
    removeIpv6Conf(link.name);
    link.ipv6Destroyed = true;
  }

  /**
   * netdev_state_change after an RTM_NEWLINK that sets a group or an alias: NETDEV_CHANGE, on an
   * up link only (docs/kernel-facts.md §11A, A7).
   */
  void stateChanged(FakeLink link) {
    if (link.up) {
      ipv6BelowMinimumMtu(link);
    }
  }

  /**
   * addrconf_notify on NETDEV_UP and NETDEV_CHANGE stops IPv6 on a link below 1280. Only loopback
   * can be there with IPv6 state left: it keeps its configuration below 1280 and takes new
   * addresses, which go again here (docs/kernel-facts.md §11A, A7).
   */
  void ipv6BelowMinimumMtu(FakeLink link) {
    if (link.loopback && link.mtu < IPV6_MIN_MTU) {
      ipv6Down(link.name);
    }
  }

  private void removeIpv6Conf(InterfaceName link) {
    sysctls.keySet().removeIf(k -> k.startsWith(Sysctls.ipv6Conf(link.value(), "")) || k.startsWith(Sysctls.ipv6Neigh(link.value(), "")));
  }

  /**
   * Admin down: IPv4 routes via the link go (fib_disable_ip) and its IPv4 neighbours
   * (arp_ifdown), its IPv4 addresses stay; its IPv6 state goes as {@link #ipv6Down} says.
   */
  void linkDown(FakeLink link) {
    link.up = false;
    flushRoutesVia(link.name, IpFamily.IPV4);
    flushNeighbours(link.name, IpFamily.IPV4);
    ipv6Down(link.name);
  }

  /**
   * A link's IPv4 settings start as a copy of the default ones (inetdev_init copies
   * devconf_dflt), with the default's marks of what was written: a setting written on the
   * default before the link existed is the link's own from then on, and later writes to the
   * default no longer reach it (devinet_copy_dflt_conf skips it).
   */
  void initDevconf(FakeLink link) {
    String prefix = "net.ipv4.conf.default.";
    for (Map.Entry<String, String> e : new ArrayList<>(sysctls.entrySet())) {
      if (e.getKey().startsWith(prefix)) {
        sysctls.put("net.ipv4.conf." + link.name + "." + e.getKey().substring(prefix.length()), e.getValue());
      }
    }
  }

  /** The link, or ENODEV as the kernel answers for a name it does not know. */
  FakeLink link(String operation, InterfaceName name) {
    FakeLink link = links.get(name);
    if (link == null) {
      throw new KernelException(operation, Errno.ENODEV, "");
    }
    return link;
  }

  /**
   * Removes one link and what dies with it: its addresses, routes, neighbour and FDB entries,
   * its sysctls, its place on a bridge, and if it is a bridge, its forwarding database and the
   * attachment of its ports. The veth peer is the caller's business (it may live in another
   * namespace).
   */
  void removeLink(FakeLink link) {
    detach(link);
    links.remove(link.name);
    addresses.removeIf(a -> a.link().equals(link.name));
    routes.removeIf(r -> r.link().equals(link.name));
    neighbours.removeIf(n -> n.link().equals(link.name));
    proxies.removeIf(p -> p.link().equals(link.name));
    sysctls.keySet().removeIf(k -> k.startsWith("net.ipv4.conf." + link.name + "."));
    removeIpv6Conf(link.name);
    fdb.removeIf(e -> e.bridge == link);
    for (FakeLink port : links.values()) {
      if (port.master == link) {
        port.master = null;
        port.port = BridgePort.DEFAULT;
      }
    }
  }

  /** Detaches a port (del_nbp): its FDB entries and port options belonged to the bridge. */
  void detach(FakeLink port) {
    if (port.master != null) {
      FakeLink bridge = port.master;
      port.master = null;
      port.port = BridgePort.DEFAULT;
      fdbDeleteByPort(bridge, port);
    }
  }

  /** Attaches a port (br_add_if): the bridge gets a local entry for the port's MAC. */
  void attach(FakeLink port, FakeLink bridge) {
    port.master = bridge;
    fdbAddLocal(bridge, port, port.mac);
  }

  /** How many ports {@code bridge} has. */
  int portCount(FakeLink bridge) {
    return portsOf(bridge).size();
  }

  private List<FakeLink> portsOf(FakeLink bridge) {
    return links.values().stream().filter(l -> l.master == bridge).toList();
  }

  FakeFdbEntry findFdb(FakeLink bridge, MacAddress mac) {
    return fdb.stream().filter(e -> e.bridge == bridge && e.mac.equals(mac)).findFirst().orElse(null);
  }

  /** fdb_add_entry: a user's entry, created or taken over (another port, or local instead of static). */
  void fdbAddEntry(FakeLink bridge, FakeLink source, MacAddress mac, boolean local) {
    FakeFdbEntry entry = findFdb(bridge, mac);
    if (entry == null) {
      fdb.add(new FakeFdbEntry(bridge, mac, source, local, true));
    } else {
      entry.dst = source;
      entry.local = local;
      entry.addedByUser = true;
    }
  }

  /** fdb_add_local: the kernel's local entry for an interface's own MAC; an existing static entry for it is replaced. */
  void fdbAddLocal(FakeLink bridge, FakeLink source, MacAddress mac) {
    FakeFdbEntry entry = findFdb(bridge, mac);
    if (entry != null) {
      if (entry.local) {
        return;
      }
      fdb.remove(entry);
    }
    fdb.add(new FakeFdbEntry(bridge, mac, source, true, false));
  }

  /** fdb_delete_local: a local entry moves to another port, or the bridge, with the same MAC; else it goes. */
  private void fdbDeleteLocal(FakeFdbEntry entry, FakeLink port) {
    for (FakeLink other : portsOf(entry.bridge)) {
      if (other != port && entry.mac.equals(other.mac)) {
        entry.dst = other;
        entry.addedByUser = false;
        return;
      }
    }
    if (port != null && entry.mac.equals(entry.bridge.mac)) {
      entry.dst = null;
      entry.addedByUser = false;
      return;
    }
    fdb.remove(entry);
  }

  /** br_fdb_delete_by_port with do_all: every entry behind the port. */
  private void fdbDeleteByPort(FakeLink bridge, FakeLink port) {
    for (FakeFdbEntry entry : new ArrayList<>(fdb)) {
      if (entry.bridge == bridge && entry.dst == port) {
        if (entry.local) {
          fdbDeleteLocal(entry, port);
        } else {
          fdb.remove(entry);
        }
      }
    }
  }

  /** br_fdb_changeaddr, on NETDEV_CHANGEADDR of a port whose MAC is already {@code port.mac}. */
  void fdbPortChangedMac(FakeLink port) {
    for (FakeFdbEntry entry : new ArrayList<>(fdb)) {
      if (entry.bridge == port.master && entry.dst == port && entry.local && !entry.addedByUser) {
        fdbDeleteLocal(entry, port);
      }
    }
    fdbAddLocal(port.master, port, port.mac);
  }

  /** br_fdb_change_mac_address, before the bridge's MAC becomes {@code mac}. */
  void fdbBridgeChangesMac(FakeLink bridge, MacAddress mac) {
    FakeFdbEntry own = findFdb(bridge, bridge.mac);
    if (own != null && own.local && own.dst == null && !own.addedByUser) {
      fdbDeleteLocal(own, null);
    }
    fdbAddLocal(bridge, null, mac);
  }

  /**
   * The entries the real adapter reports: local ones on the bridge itself for another MAC than
   * the bridge's, static ones behind a port. The kernel's own entries (the bridge's MAC, each
   * port's MAC) are not reported.
   */
  private List<FdbEntry> visibleFdb() {
    List<FdbEntry> result = new ArrayList<>();
    for (FakeFdbEntry e : fdb) {
      if (e.local && e.dst == null && !e.mac.equals(e.bridge.mac)) {
        result.add(new FdbEntry(e.bridge.name, e.mac, FdbEntry.Kind.LOCAL));
      } else if (!e.local && e.dst != null) {
        result.add(new FdbEntry(e.dst.name, e.mac, FdbEntry.Kind.STATIC));
      }
    }
    return result;
  }

  /**
   * A primary address: the first of its subnet (same network and prefix length) on its link;
   * the others are secondary (inet_insert_ifa), and get no subnet route of their own.
   */
  boolean isPrimary(Address address) {
    return addresses.stream().filter(a -> a.link().equals(address.link()) && a.cidr().subnet().equals(address.cidr().subnet()))
        .findFirst().map(address::equals).orElse(false);
  }

  /**
   * A devconf setting of a link (net.ipv4.conf.LINK.SETTING) as the kernel has it: the value
   * written for the link (or copied from a written default when it was made, see
   * {@link #initDevconf}), else the current default (a device follows the default until its own
   * value is written: devinet_copy_dflt_conf), else the compiled default, 0 for the settings
   * this kernel looks at.
   */
  int devconf(String device, String setting) {
    String own = sysctls.get("net.ipv4.conf." + device + "." + setting);
    if (own == null && !device.equals("all")) {
      own = sysctls.get("net.ipv4.conf.default." + setting);
    }
    return own == null ? 0 : Integer.parseInt(own);
  }

  /** IN_DEV_PROMOTE_SECONDARIES: "all" or the link's own setting. */
  boolean promotesSecondaries(InterfaceName link) {
    return devconf("all", "promote_secondaries") != 0 || devconf(link.value(), "promote_secondaries") != 0;
  }

  /** Permanent neighbour entries of both families go when the link changes MAC (neigh_changeaddr); proxy entries stay (§11C). */
  void flushNeighbours(InterfaceName link) {
    neighbours.removeIf(n -> n.link().equals(link));
  }

  /** The link's neighbour entries of {@code family}: IPv4's go when it goes down or loses its last IPv4 address (arp_ifdown). */
  void flushNeighbours(InterfaceName link, IpFamily family) {
    neighbours.removeIf(n -> n.link().equals(link) && n.family() == family);
  }

  /** Routes of {@code family} via the link: IPv4's go when it goes down or loses its last IPv4 address (fib_disable_ip). */
  void flushRoutesVia(InterfaceName link, IpFamily family) {
    routes.removeIf(r -> r.link().equals(link) && r.family() == family);
  }

  /**
   * The main table as the kernel shows it: explicit routes plus one subnet route per subnet
   * with an address on an up link (fib_add_ifaddr adds it only while the link is up, and not
   * for /32; the subnet routes of loopback's addresses are local routes, in the local table).
   * An IPv6 address's prefix route too comes only with up, for a /128 and on loopback as well
   * (addrconf_prefix_route runs for every address; checked by DifferentialIT) (docs/kernel-facts.md §11A, A8;
   * §11B); IPv6 has no primary address: one route per prefix.
   */
  List<Route> routes() {
    List<Route> result = new ArrayList<>();
    for (Address a : addresses) {
      FakeLink link = links.get(a.link());
      IpSubnet subnet = a.cidr().subnet();
      Route prefix = new Route(subnet, Optional.empty(), a.link(), Route.PROTOCOL_KERNEL);
      boolean hasPrefixRoute = a.family() == IpFamily.IPV6 || (!link.loopback && a.cidr().prefixLength() < 32 && isPrimary(a));
      if (link.up && hasPrefixRoute && result.stream().noneMatch(prefix::sameRoute)) {
        result.add(prefix);
      }
    }
    result.addAll(routes);
    return result;
  }

  /**
   * This namespace as a snapshot; veth peers are named only when their namespace is in
   * {@code visible}. Of the sysctls, only those the real adapter observes are shown (see
   * {@link io.netagent.observed.NamespaceState}): the two forwarding switches, each bridge's
   * route_localnet and IPv6 settings (none while its IPv6 state is destroyed), and the accept_ra
   * of every other link but loopback and netagent's. As the real adapter, a container namespace
   * ({@code host} false) shows only its links, addresses and routes: neighbours, FDB entries and
   * sysctls are the host's business. Addresses are only those of scope universe and routes only
   * unicast ones of the main table: the fake has no link-local addresses, ::1 or local routes.
   */
  NamespaceState snapshot(Set<NamespaceRef> visible, boolean host) {
    List<Link> linkList = new ArrayList<>();
    Map<String, String> sysctlView = new HashMap<>();
    sysctlView.put(Sysctls.IP_FORWARD, sysctls.get(Sysctls.IP_FORWARD));
    sysctlView.put(Sysctls.IPV6_FORWARDING, sysctls.get(Sysctls.IPV6_FORWARDING));
    for (FakeLink l : links.values()) {
      Optional<LinkRef> peer = l.peer != null && visible.contains(l.peerNamespace)
          ? Optional.of(new LinkRef(l.peerNamespace, l.peer.name))
          : Optional.empty();
      Optional<MacAddress> mac = Optional.ofNullable(l.mac);
      Link link = new Link(l.index, l.name, l.altNames, l.kind, mac, l.mtu, l.up, l.group,
          Optional.ofNullable(l.master).map(m -> m.name), Optional.ofNullable(l.alias), peer,
          l.master == null ? Optional.empty() : Optional.of(l.port));
      linkList.add(link);
      List<String> keys = new ArrayList<>();
      if (l.isBridge()) {
        sysctlView.put(Sysctls.routeLocalnet(l.name), String.valueOf(devconf(l.name.value(), "route_localnet")));
        keys.addAll(List.of(Sysctls.disableIpv6(l.name), Sysctls.acceptRa(l.name), Sysctls.proxyNdp(l.name), Sysctls.proxyDelay(l.name)));
      } else if (!l.loopback && !link.isOwned()) {
        keys.add(Sysctls.acceptRa(l.name));
      }
      keys.stream().filter(sysctls::containsKey).forEach(k -> sysctlView.put(k, sysctls.get(k)));
    }
    if (!host) {
      return new NamespaceState(linkList, addresses, routes(), List.of(), List.of(), List.of(), Map.of());
    }
    return new NamespaceState(linkList, addresses, routes(), neighbours, proxies, visibleFdb(), sysctlView);
  }
}
