package io.netagent.kernel.fake;

import io.netagent.error.KernelException;
import io.netagent.kernel.Address;
import io.netagent.kernel.BridgePort;
import io.netagent.kernel.FdbEntry;
import io.netagent.kernel.Link;
import io.netagent.kernel.LinkRef;
import io.netagent.kernel.NamespaceState;
import io.netagent.kernel.Neighbour;
import io.netagent.kernel.Route;
import io.netagent.kernel.Sysctls;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One network namespace of the in-memory kernel, with the kernel's rules for what lives in it. */
final class FakeNamespace {
  final NamespaceRef ref;
  final Map<InterfaceName, FakeLink> links = new LinkedHashMap<>();
  final List<Address> addresses = new ArrayList<>();
  /** Routes added explicitly; the subnet routes of addresses are derived in {@link #routes()}. */
  final List<Route> routes = new ArrayList<>();
  final List<Neighbour> neighbours = new ArrayList<>();
  final List<FdbEntry> fdb = new ArrayList<>();
  final Map<String, String> sysctls = new HashMap<>();
  private int nextIndex = 1;

  FakeNamespace(NamespaceRef ref) {
    this.ref = ref;
    addLink(InterfaceName.of("lo"), "", new MacAddress(0), 65536);
    sysctls.put(Sysctls.IP_FORWARD, "0");
  }

  FakeLink addLink(InterfaceName name, String kind, MacAddress mac, int mtu) {
    FakeLink link = new FakeLink(nextIndex++, name, kind, mac, mtu);
    links.put(name, link);
    return link;
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
   * its sysctls, and the attachment of its ports if it is a bridge. The veth peer is the
   * caller's business (it may live in another namespace).
   */
  void removeLink(FakeLink link) {
    links.remove(link.name);
    addresses.removeIf(a -> a.link().equals(link.name));
    routes.removeIf(r -> r.link().equals(link.name));
    neighbours.removeIf(n -> n.link().equals(link.name));
    fdb.removeIf(e -> e.device().equals(link.name));
    sysctls.keySet().removeIf(k -> k.startsWith("net.ipv4.conf." + link.name + "."));
    for (FakeLink port : links.values()) {
      if (port.master == link) {
        detach(port);
      }
    }
  }

  /** Detaches a port: its FDB entries and port options belonged to the bridge. */
  void detach(FakeLink port) {
    if (port.master != null) {
      fdb.removeIf(e -> e.device().equals(port.name) && e.kind() == FdbEntry.Kind.STATIC);
      port.master = null;
      port.port = BridgePort.DEFAULT;
    }
  }

  /** Permanent neighbour entries go too when the link goes down, loses its last address or changes MAC. */
  void flushNeighbours(InterfaceName link) {
    neighbours.removeIf(n -> n.link().equals(link));
  }

  /** Routes via the link go when it goes down or loses its last address (fib_disable_ip). */
  void flushRoutesVia(InterfaceName link) {
    routes.removeIf(r -> r.link().equals(link));
  }

  /**
   * The main table as the kernel shows it: explicit routes plus one subnet route per subnet
   * with an address on an up link (fib_add_ifaddr adds it only while the link is up, and not
   * for /32).
   */
  List<Route> routes() {
    List<Route> result = new ArrayList<>();
    for (Address a : addresses) {
      FakeLink link = links.get(a.link());
      Ipv4Subnet subnet = a.cidr().subnet();
      Route prefix = new Route(subnet, Optional.empty(), a.link(), Route.PROTOCOL_KERNEL);
      if (link.up && a.cidr().prefixLength() < 32 && result.stream().noneMatch(prefix::sameRoute)) {
        result.add(prefix);
      }
    }
    result.addAll(routes);
    return result;
  }

  /** This namespace as a snapshot; veth peers are named only when their namespace is in {@code visible}. */
  NamespaceState snapshot(Set<NamespaceRef> visible) {
    List<Link> linkList = new ArrayList<>();
    Map<String, String> sysctlView = new HashMap<>(sysctls);
    for (FakeLink l : links.values()) {
      Optional<LinkRef> peer = l.peer != null && visible.contains(l.peerNamespace)
          ? Optional.of(new LinkRef(l.peerNamespace, l.peer.name))
          : Optional.empty();
      Optional<MacAddress> mac = Optional.ofNullable(l.mac);
      linkList.add(new Link(l.index, l.name, l.altNames, l.kind, mac, l.mtu, l.up, l.group,
          Optional.ofNullable(l.master).map(m -> m.name), Optional.ofNullable(l.alias), peer,
          l.master == null ? Optional.empty() : Optional.of(l.port)));
      if (l.isBridge()) {
        sysctlView.putIfAbsent(Sysctls.routeLocalnet(l.name), "0");
      }
    }
    return new NamespaceState(linkList, addresses, routes(), neighbours, fdb, sysctlView);
  }
}
