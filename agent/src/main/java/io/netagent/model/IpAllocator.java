package io.netagent.model;

import java.util.Optional;
import java.util.Set;

/**
 * Chooses an address for a container that names none: the lowest free one of the network's
 * allocation range, never the gateway, the subnet's network or broadcast address, or an ARP
 * proxy entry's IP. Pure: what is taken is the caller's to say.
 */
public final class IpAllocator {
  private IpAllocator() {}

  /**
   * @param taken the addresses containers on the network hold
   * @return empty when every address of the range is taken
   */
  public static Optional<Ipv4Address> allocate(Network network, Set<Ipv4Address> taken) {
    Bridge bridge = network.bridge();
    Ipv4Subnet range = network.allocate().orElse(bridge.subnet());
    long size = 1L << (32 - range.prefixLength());
    for (long i = 0; i < size; i++) {
      Ipv4Address candidate = range.network().plus((int) i);
      boolean free = !bridge.subnet().isReserved(candidate) && !candidate.equals(bridge.gateway())
          && bridge.lookupArpProxy(candidate).isEmpty() && !taken.contains(candidate);
      if (free) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
