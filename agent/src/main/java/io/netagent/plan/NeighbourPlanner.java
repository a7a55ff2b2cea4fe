package io.netagent.plan;

import io.netagent.model.ArpProxyEntry;
import io.netagent.model.Container;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Neighbour;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveFdbEntry;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.SetNeighbour;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans the ARP proxy state of each bridge (docs/kernel-facts.md §8, "ARP proxy entry"): a
 * permanent neighbour entry on the bridge for every container IP and every declared entry, and
 * the matching FDB entries: static on the container's port, or local on the bridge for a MAC
 * that lives behind no port. Of IPv6 (§11C), for each container's ip6 a permanent entry (the
 * host's own traffic) and a proxy entry (the other containers', answered by the bridge's
 * {@code proxy_ndp}); there are no IPv6 ARP proxy entries.
 */
final class NeighbourPlanner {
  private static final NamespaceRef HOST = NamespaceRef.HOST;

  private NeighbourPlanner() {}

  static void plan(PlanContext ctx) {
    // Whom an entry belongs to, looked up rather than searched for (a thousand entries on a bridge).
    Map<InterfaceName, Owner> ports = new HashMap<>();
    ctx.desired.containers().forEach(c -> ports.putIfAbsent(c.veth().host().name(), Owner.container(c.name())));
    for (Network n : ctx.desired.networks()) {
      if (!ctx.isNetworkBlocked(n.name())) {
        List<Container> containers = ctx.activeContainers().stream().filter(c -> c.network().equals(n.name())).toList();
        Map<IpAddress, Owner> owners = new HashMap<>();
        ctx.desired.containers().stream().filter(c -> c.network().equals(n.name())).forEach(c -> {
          c.ipv4().ifPresent(a -> owners.putIfAbsent(a.address(), Owner.container(c.name())));
          c.ipv6().ifPresent(a -> owners.putIfAbsent(a.address(), Owner.container(c.name())));
        });
        planNeighbours(ctx, n, containers, owners);
        planProxies(ctx, n, containers, owners);
        planFdb(ctx, n, containers, ports);
      }
    }
  }

  /** A neighbour entry for a declared container's address is the container's (blocked or not); any other, the network's. */
  private static void planNeighbours(PlanContext ctx, Network n, List<Container> containers, Map<IpAddress, Owner> owners) {
    Owner network = Owner.network(n.name());
    InterfaceName bridge = n.bridge().name();
    Map<IpAddress, MacAddress> wanted = new LinkedHashMap<>();
    containers.forEach(c -> c.ipv4().ifPresent(a -> wanted.put(a.address(), c.veth().container().mac())));
    n.bridge().arpProxy().forEach(e -> wanted.putIfAbsent(e.ip(), e.mac()));
    if (n.bridge().ipv6().isPresent()) {
      containers.forEach(c -> c.ipv6().ifPresent(a -> wanted.put(a.address(), c.veth().container().mac())));
    }
    Map<IpAddress, Neighbour> present = new LinkedHashMap<>();
    ctx.state(HOST).neighbours().stream()
        .filter(nb -> nb.link().equals(bridge) && ctx.keepsNeighbours(HOST, bridge, nb.family()))
        .forEach(nb -> present.put(nb.ip(), nb));
    present.values().stream().filter(nb -> !wanted.containsKey(nb.ip()))
        .forEach(nb -> ctx.add(owners.getOrDefault(nb.ip(), network), new RemoveNeighbour(nb, Reason.UNDECLARED)));
    wanted.forEach((ip, mac) -> {
      Neighbour have = present.get(ip);
      if (have == null) {
        ctx.add(owners.getOrDefault(ip, network), new SetNeighbour(new Neighbour(bridge, ip, mac), Reason.MISSING));
      } else if (!have.mac().equals(mac)) {
        ctx.add(owners.getOrDefault(ip, network), new SetNeighbour(new Neighbour(bridge, ip, mac), Reason.differs("MAC", have.mac(), mac)));
      }
    });
  }

  /** A proxy entry for each container's ip6 on the bridge of a network with IPv6; any other on the bridge goes. */
  private static void planProxies(PlanContext ctx, Network n, List<Container> containers, Map<IpAddress, Owner> owners) {
    InterfaceName bridge = n.bridge().name();
    Set<ProxyNeighbour> wanted = new LinkedHashSet<>();
    if (n.bridge().ipv6().isPresent()) {
      containers.forEach(c -> c.ipv6().ifPresent(a -> wanted.add(new ProxyNeighbour(bridge, a.address()))));
    }
    // A MAC change or the loss of an address leaves proxy entries alone; only the bridge's deletion takes them.
    Set<ProxyNeighbour> present = ctx.isLive(HOST, bridge)
        ? ctx.state(HOST).proxies().stream().filter(p -> p.link().equals(bridge)).collect(Collectors.toCollection(LinkedHashSet::new))
        : Set.of();
    Function<ProxyNeighbour, Owner> owner = p -> owners.getOrDefault(p.ip(), Owner.network(n.name()));
    present.stream().filter(p -> !wanted.contains(p)).forEach(p -> ctx.add(owner.apply(p), new RemoveProxyNeighbour(p, Reason.UNDECLARED)));
    wanted.stream().filter(p -> !present.contains(p)).forEach(p -> ctx.add(owner.apply(p), new AddProxyNeighbour(p, Reason.MISSING)));
  }

  /**
   * An FDB entry on a declared container's port ({@code ports}) is the container's, one on the
   * bridge the network's, and one on a port of the bridge that nothing declares (an owned veth left
   * over) nobody's.
   */
  private static void planFdb(PlanContext ctx, Network n, List<Container> containers, Map<InterfaceName, Owner> ports) {
    InterfaceName bridge = n.bridge().name();
    Set<FdbEntry> wanted = new LinkedHashSet<>();
    Set<MacAddress> behindPorts = new HashSet<>();
    for (Container c : containers) {
      wanted.add(new FdbEntry(c.veth().host().name(), c.veth().container().mac(), FdbEntry.Kind.STATIC));
      behindPorts.add(c.veth().container().mac());
    }
    for (ArpProxyEntry e : n.bridge().arpProxy()) {
      if (!behindPorts.contains(e.mac())) {
        wanted.add(new FdbEntry(bridge, e.mac(), FdbEntry.Kind.LOCAL));
      }
    }
    NamespaceState host = ctx.state(HOST);
    Set<InterfaceName> devices = new HashSet<>();
    devices.add(bridge);
    host.links().stream()
        .filter(l -> l.isOwned() && l.master().equals(Optional.of(bridge)))
        .map(Link::name)
        .forEach(devices::add);
    Set<FdbEntry> present = host.fdb().stream()
        .filter(e -> devices.contains(e.device()) && ctx.isLive(HOST, e.device()) && ctx.isLive(HOST, bridge))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Function<InterfaceName, Owner> owner = device -> device.equals(bridge) ? Owner.network(n.name()) : ports.getOrDefault(device, Owner.UNDECLARED);
    present.stream().filter(e -> !wanted.contains(e)).forEach(e -> ctx.add(owner.apply(e.device()), new RemoveFdbEntry(e, Reason.UNDECLARED)));
    wanted.stream().filter(e -> !present.contains(e)).forEach(e -> ctx.add(owner.apply(e.device()), new AddFdbEntry(e, Reason.MISSING)));
  }
}
