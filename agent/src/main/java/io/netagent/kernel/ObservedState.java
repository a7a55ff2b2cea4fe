package io.netagent.kernel;

import io.netagent.model.NamespaceRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the kernel holds: the host namespace and every observed namespace that exists, the
 * namespaces netagent created (and may therefore delete), and netagent's NAT table if present.
 *
 * @param namespaces by namespace; always contains {@link NamespaceRef#HOST}; a requested
 *     namespace that does not exist is absent
 * @param ownedNamespaces named namespaces netagent created and that still exist
 * @param nat the {@code netagent} nftables table, if present
 * @param listeners the host namespace's listening TCP and bound UDP sockets (IPv4, and IPv6
 *     wildcards, which take IPv4 too)
 */
public record ObservedState(
    Map<NamespaceRef, NamespaceState> namespaces, Set<NamespaceRef> ownedNamespaces, Optional<NatRuleset> nat, Set<Listener> listeners) {

  public ObservedState {
    if (!namespaces.containsKey(NamespaceRef.HOST)) {
      throw new IllegalArgumentException("the host namespace is always observed");
    }
    namespaces = Map.copyOf(new TreeMap<>(namespaces));
    ownedNamespaces = Set.copyOf(new TreeSet<>(ownedNamespaces));
    listeners = Set.copyOf(listeners);
  }

  public NamespaceState host() {
    return namespaces.get(NamespaceRef.HOST);
  }

  public Optional<NamespaceState> namespace(NamespaceRef ref) {
    return Optional.ofNullable(namespaces.get(ref));
  }

  public boolean exists(NamespaceRef ref) {
    return namespaces.containsKey(ref);
  }
}
