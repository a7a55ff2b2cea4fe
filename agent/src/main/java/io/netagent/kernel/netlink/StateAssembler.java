package io.netagent.kernel.netlink;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.Link;
import io.netagent.observed.LinkRef;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Neighbour;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.observed.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the snapshots of several namespaces into namespace states: links, addresses and routes
 * by name instead of ifindex, and each veth matched with its peer across namespaces.
 *
 * <p>A veth reports its peer as (ifindex, namespace id) where the id is the peer namespace's as
 * its own namespace numbers it (IFLA_LINK, IFLA_LINK_NETNSID). Each container namespace reports
 * the id it gives the host namespace, so its veths whose peer is in the host can be matched to
 * host links, from both sides, without asking the kernel once per link.
 */
final class StateAssembler {
  private final Map<NamespaceRef, Snapshot> snapshots;
  private final Map<NamespaceRef, Map<Integer, RawLink>> byIndex = new HashMap<>();
  /** Host link ifindex → its peer in a container namespace. */
  private final Map<Integer, LinkRef> hostPeers = new HashMap<>();

  StateAssembler(Map<NamespaceRef, Snapshot> snapshots) {
    this.snapshots = snapshots;
    snapshots.forEach((ns, s) -> {
      Map<Integer, RawLink> links = new HashMap<>();
      s.links().forEach(l -> links.put(l.index(), l));
      byIndex.put(ns, links);
    });
    snapshots.forEach((ns, s) -> {
      if (!(ns instanceof NamespaceRef.Host) && s.hostNsid().isPresent()) {
        for (RawLink l : s.links()) {
          if (l.kind().equals(Link.VETH) && l.peerNsid().equals(s.hostNsid())) {
            hostPeers.put(l.peerIndex(), new LinkRef(ns, l.name()));
          }
        }
      }
    });
  }

  Map<NamespaceRef, NamespaceState> states() {
    Map<NamespaceRef, NamespaceState> states = new HashMap<>();
    snapshots.forEach((ns, s) -> states.put(ns, state(ns, s)));
    return states;
  }

  private Optional<InterfaceName> name(NamespaceRef ns, int index) {
    return Optional.ofNullable(byIndex.get(ns).get(index)).map(RawLink::name);
  }

  private NamespaceState state(NamespaceRef ns, Snapshot s) {
    List<Link> links = new ArrayList<>();
    for (RawLink l : s.links()) {
      Optional<InterfaceName> master = l.masterIndex() == 0 ? Optional.empty() : name(ns, l.masterIndex());
      links.add(new Link(l.index(), l.name(), l.altNames(), l.kind(), l.mac(), l.mtu(), l.up(), l.group(), master, l.alias(), peer(ns, s, l),
          master.isPresent() ? l.port() : Optional.empty()));
    }
    List<Address> addresses = new ArrayList<>();
    s.addresses().forEach(a -> name(ns, a.index()).ifPresent(n -> addresses.add(new Address(n, a.cidr(), a.flags()))));
    List<Route> routes = new ArrayList<>();
    s.routes().forEach(r -> name(ns, r.index()).ifPresent(n -> routes.add(new Route(r.destination(), r.gateway(), n, r.protocol()))));
    List<Neighbour> neighbours = new ArrayList<>();
    s.neighbours().forEach(n -> name(ns, n.index()).ifPresent(link -> neighbours.add(new Neighbour(link, n.ip(), n.mac()))));
    List<ProxyNeighbour> proxies = new ArrayList<>();
    s.proxies().forEach(p -> name(ns, p.index()).ifPresent(link -> proxies.add(new ProxyNeighbour(link, p.ip()))));
    Set<FdbEntry> fdb = new LinkedHashSet<>();
    for (Dumps.RawFdb f : s.fdb()) {
      RawLink device = byIndex.get(ns).get(f.index());
      if (device != null) {
        Dumps.kindOf(f, device).ifPresent(kind -> fdb.add(new FdbEntry(device.name(), f.mac(), kind)));
      }
    }
    return new NamespaceState(links, addresses, routes, neighbours, proxies, new ArrayList<>(fdb), s.sysctls());
  }

  private Optional<LinkRef> peer(NamespaceRef ns, Snapshot s, RawLink l) {
    if (!l.kind().equals(Link.VETH) || l.peerIndex() == 0) {
      return Optional.empty();
    }
    if (l.peerNsid().isEmpty()) {
      return name(ns, l.peerIndex()).map(n -> new LinkRef(ns, n));
    }
    if (ns instanceof NamespaceRef.Host) {
      LinkRef peer = hostPeers.get(l.index());
      boolean consistent = peer != null && Optional.ofNullable(byIndex.get(peer.namespace()).get(l.peerIndex()))
          .filter(p -> p.name().equals(peer.name())).isPresent();
      return consistent ? Optional.of(peer) : Optional.empty();
    }
    if (l.peerNsid().equals(s.hostNsid()) && byIndex.containsKey(NamespaceRef.HOST)) {
      return name(NamespaceRef.HOST, l.peerIndex()).map(n -> new LinkRef(NamespaceRef.HOST, n));
    }
    return Optional.empty();
  }
}
