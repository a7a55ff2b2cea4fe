package io.netagent.config;

import io.netagent.model.BridgeIpv6;
import io.netagent.model.IpAllocator;
import io.netagent.model.Ipv6Address;
import io.netagent.model.ModelException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The ip6 of each container of a file that names none, on a network with IPv6: the lowest free
 * address of the network's allocate6 range (its whole subnet6 by default), in file order, never
 * one the file names for any container. The same file always gives the same addresses; a
 * container keeps its address as long as the containers before it and the addresses the file
 * names do not change (name ip6 to pin it).
 */
final class FileIp6 implements Function<NetworkSpec, Optional<Ipv6Address>> {
  private final Map<String, Set<Ipv6Address>> taken = new HashMap<>();

  private FileIp6() {}

  /** Sets aside every ip6 the containers name (those that are addresses at all), before any is allocated. */
  static FileIp6 of(List<Fields> containers) {
    FileIp6 allocation = new FileIp6();
    for (Fields c : containers) {
      Optional<String> network = c.peekString("network");
      Optional<String> ip6 = c.peekString("ip6");
      if (network.isPresent() && ip6.isPresent()) {
        try {
          allocation.taken(network.get()).add(Ipv6Address.parse(ip6.get()));
        } catch (ModelException e) {
          // The container reports it; there is nothing to set aside.
        }
      }
    }
    return allocation;
  }

  @Override
  public Optional<Ipv6Address> apply(NetworkSpec network) {
    BridgeIpv6 ipv6 = network.bridge().ipv6().orElseThrow();
    Set<Ipv6Address> used = taken(network.name().value());
    Optional<Ipv6Address> next = IpAllocator.allocate6(ipv6, network.allocate6().orElse(ipv6.subnet()), used);
    next.ifPresent(used::add);
    return next;
  }

  private Set<Ipv6Address> taken(String network) {
    return taken.computeIfAbsent(network, n -> new HashSet<>());
  }
}
