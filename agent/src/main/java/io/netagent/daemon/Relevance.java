package io.netagent.daemon;

import io.netagent.kernel.KernelEvent;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a kernel notification may concern what netagent declares or owns, so that a host's
 * unrelated churn (ARP on the uplink, other interfaces) does not cause reconciles. In the host
 * namespace: links netagent declares or owns, by name or ifindex, and what lives on them;
 * routes with netagent's protocol. The family plays no part: an IPv6 address, route or neighbour
 * entry counts exactly when its IPv4 twin would. In declared container namespaces everything but dynamic
 * neighbour entries. A lost notification or a namespace gone always counts. When in doubt, an event counts: a needless reconcile only costs one observation.
 */
final class Relevance {
  private volatile Set<InterfaceName> hostNames = Set.of();
  private volatile Set<Integer> hostIndexes = Set.of();
  private volatile Set<NamespaceRef> containerNamespaces = Set.of();

  /** Learns the names and ifindexes to follow from the declared state and the last observation. */
  void update(DesiredState desired, ObservedState observed) {
    Set<InterfaceName> names = new HashSet<>();
    desired.networks().stream().map(Network::bridge).forEach(b -> names.add(b.name()));
    desired.containers().forEach(c -> names.add(c.veth().host().name()));
    Set<Integer> indexes = new HashSet<>();
    if (observed != null) {
      NamespaceState host = observed.host();
      host.links().stream().filter(Link::isOwned).forEach(l -> names.add(l.name()));
      host.links().stream().filter(l -> names.contains(l.name())).forEach(l -> indexes.add(l.index()));
    }
    // The declared namespaces: the daemon follows no other (Passes#watch).
    Set<NamespaceRef> namespaces = new HashSet<>();
    desired.containers().stream().map(Container::namespace).forEach(namespaces::add);
    // Not Set.copyOf: its open addressing is slow for names that differ only in a number (see ObservedState).
    hostNames = Collections.unmodifiableSet(names);
    hostIndexes = Collections.unmodifiableSet(indexes);
    containerNamespaces = Collections.unmodifiableSet(namespaces);
  }

  boolean matters(KernelEvent e) {
    // A namespace that went took its veth ends with it, even one no longer declared: read again;
    // one that appeared has containers to wire.
    if (e.kind() == KernelEvent.Kind.OVERRUN || e.kind() == KernelEvent.Kind.NAMESPACE_GONE
        || e.kind() == KernelEvent.Kind.NAMESPACE_APPEARED) {
      return true;
    }
    if (!(e.namespace() instanceof NamespaceRef.Host)) {
      return containerNamespaces.contains(e.namespace()) && !e.isDynamicEntry();
    }
    switch (e.kind()) {
      case LINK:
        return e.link().map(hostNames::contains).orElse(true) || hostIndexes.contains(e.index());
      case ADDRESS:
        return hostIndexes.contains(e.index());
      case ROUTE:
        return e.protocol() == Ownership.ROUTE_PROTOCOL || hostIndexes.contains(e.index());
      case NEIGHBOUR:
      case FDB:
        return !e.isDynamicEntry() && hostIndexes.contains(e.index());
      default:
        return true;
    }
  }
}
