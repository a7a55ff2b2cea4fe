package io.netagent.observed;

import io.netagent.model.NamespaceRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * @param identities the identity of each observed namespace (the host's included), where known
 */
public record ObservedState(Map<NamespaceRef, NamespaceState> namespaces, Set<NamespaceRef> ownedNamespaces, Optional<NatRuleset> nat,
    Set<Listener> listeners, Map<NamespaceRef, NamespaceId> identities) {

  public ObservedState {
    if (!namespaces.containsKey(NamespaceRef.HOST)) {
      throw new IllegalArgumentException("the host namespace is always observed");
    }
    namespaces = sortedCopy(namespaces);
    ownedNamespaces = Collections.unmodifiableSet(new LinkedHashSet<>(sorted(ownedNamespaces)));
    listeners = Set.copyOf(listeners);
    identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
  }

  /*
   * Hash-based copies in sorted order, not Map.copyOf and Set.copyOf: their open addressing
   * probes long runs for namespace names that differ only in a number (c1 ... c1000), which made
   * these lookups half of a plan's time at a thousand containers.
   */

  private static Map<NamespaceRef, NamespaceState> sortedCopy(Map<NamespaceRef, NamespaceState> namespaces) {
    Map<NamespaceRef, NamespaceState> copy = new LinkedHashMap<>(namespaces.size() * 2);
    for (NamespaceRef ref : sorted(namespaces.keySet())) {
      copy.put(ref, Objects.requireNonNull(namespaces.get(ref), ref.display()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<NamespaceRef> sorted(Set<NamespaceRef> refs) {
    List<NamespaceRef> list = new ArrayList<>(refs);
    list.sort(null);
    return list;
  }

  public NamespaceState host() {
    return namespaces.get(NamespaceRef.HOST);
  }

  public Optional<NamespaceState> namespace(NamespaceRef ref) {
    return Optional.ofNullable(namespaces.get(ref));
  }

  public Optional<NamespaceId> identity(NamespaceRef ref) {
    return Optional.ofNullable(identities.get(ref));
  }

  public boolean exists(NamespaceRef ref) {
    return namespaces.containsKey(ref);
  }
}
