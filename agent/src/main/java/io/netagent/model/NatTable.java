package io.netagent.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network's NAT: its source rewrite and its published ports. Immutable; every change returns
 * a new table. At most one mapping per (host port, protocol).
 */
public record NatTable(SourceNat sourceNat, List<PortMapping> mappings) {

  public NatTable {
    Objects.requireNonNull(sourceNat);
    mappings = List.copyOf(mappings);
    Map<PortMapping.Key, PortMapping> seen = new HashMap<>();
    for (PortMapping m : mappings) {
      PortMapping earlier = seen.putIfAbsent(m.key(), m);
      if (earlier != null) {
        throw alreadyPublished(earlier);
      }
    }
  }

  /** A table with the given source NAT and no mappings. */
  public static NatTable of(SourceNat sourceNat) {
    return new NatTable(sourceNat, List.of());
  }

  /**
   * This table plus {@code mapping}.
   *
   * @throws AlreadyExistsException naming the port, when its (host port, protocol) is taken
   */
  public NatTable withMapping(PortMapping mapping) {
    Optional<PortMapping> existing = lookupInbound(mapping.hostPort(), mapping.protocol());
    if (existing.isPresent()) {
      throw alreadyPublished(existing.get());
    }
    List<PortMapping> next = new ArrayList<>(mappings);
    next.add(mapping);
    return new NatTable(sourceNat, next);
  }

  /** This table without the mapping of {@code hostPort}/{@code protocol}, and whether there was one. */
  public Removal without(int hostPort, Protocol protocol) {
    List<PortMapping> next = new ArrayList<>(mappings);
    boolean existed = next.removeIf(m -> m.hostPort() == hostPort && m.protocol() == protocol);
    return new Removal(existed ? new NatTable(sourceNat, next) : this, existed);
  }

  /** The mapping that receives inbound traffic to {@code hostPort}/{@code protocol}. */
  public Optional<PortMapping> lookupInbound(int hostPort, Protocol protocol) {
    return mappings.stream().filter(m -> m.hostPort() == hostPort && m.protocol() == protocol).findFirst();
  }

  /** The source address outbound traffic gets, leaving through an interface with {@code egressAddress}. */
  public Optional<Ipv4Address> snatRewrite(Ipv4Address egressAddress) {
    return sourceNat.rewrite(egressAddress);
  }

  private static AlreadyExistsException alreadyPublished(PortMapping existing) {
    return new AlreadyExistsException("host port " + existing.key() + " is already published (" + existing + ")");
  }

  /** The outcome of {@link #without}: the new table and whether a mapping was removed. */
  public record Removal(NatTable table, boolean existed) {}
}
