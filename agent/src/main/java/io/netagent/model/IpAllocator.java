package io.netagent.model;

import java.util.Optional;
import java.util.Set;

/**
 * Chooses an address for a container that names none: the lowest free one of the network's
 * allocation range. IPv4 never takes the gateway, the subnet's network or broadcast address, or
 * an ARP proxy entry's IP; IPv6 never the gateway6, the subnet-router anycast address or the
 * reserved subnet anycast addresses. Pure: what is taken is the caller's to say.
 */
public final class IpAllocator {
  private IpAllocator() {}

  /**
   * @param taken the IPv4 addresses containers on the network hold
   * @return empty when every address of the range is taken
   * @throws ModelException when the network has no IPv4
   */
  public static Optional<Ipv4Address> allocate(Network network, Set<Ipv4Address> taken) {
    Bridge bridge = network.bridge();
    BridgeIpv4 ipv4 = bridge.ipv4()
        .orElseThrow(() -> new ModelException("network " + network.name() + " has no IPv4 subnet to allocate from"));
    Ipv4Subnet range = network.allocate().orElse(ipv4.subnet());
    long size = 1L << (32 - range.prefixLength());
    for (long i = 0; i < size; i++) {
      Ipv4Address candidate = range.network().plus((int) i);
      boolean free = !ipv4.subnet().isReserved(candidate) && !candidate.equals(ipv4.gateway())
          && bridge.lookupArpProxy(candidate).isEmpty() && !taken.contains(candidate);
      if (free) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The lowest free IPv6 address of the network's {@code allocate6} range (its whole subnet6
   * when it declares none).
   *
   * @param taken the IPv6 addresses containers on the network hold
   * @return empty when every address of the range is taken
   * @throws ModelException when the network has no IPv6
   */
  public static Optional<Ipv6Address> allocate6(Network network, Set<Ipv6Address> taken) {
    BridgeIpv6 ipv6 = network.bridge().ipv6()
        .orElseThrow(() -> new ModelException("network " + network.name() + " has no IPv6 subnet to allocate from"));
    return allocate6(ipv6, network.allocate6().orElse(ipv6.subnet()), taken);
  }

  /**
   * The lowest free address of {@code range} (inside {@code ipv6}'s subnet). Each address it
   * passes over is reserved (at most 129 in a subnet), the gateway or taken, so it looks at no
   * more than {@code taken.size() + 130} of a range's up to 2^64 addresses.
   */
  public static Optional<Ipv6Address> allocate6(BridgeIpv6 ipv6, Ipv6Subnet range, Set<Ipv6Address> taken) {
    Ipv6Address last = range.last();
    for (Ipv6Address candidate = range.network(); ; candidate = candidate.plus(1)) {
      if (!ipv6.subnet().isReserved(candidate) && !candidate.equals(ipv6.gateway()) && !taken.contains(candidate)) {
        return Optional.of(candidate);
      }
      if (candidate.equals(last)) {
        return Optional.empty();
      }
    }
  }
}
