package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.IpSubnet;
import java.util.Objects;
import java.util.Optional;

/**
 * A unicast route of the main table, of either family.
 *
 * @param destination where it leads; {@link IpSubnet#any} for the default route
 * @param gateway the next hop, if any, of the destination's family
 * @param link the output interface
 * @param protocol rtm_protocol: who installed it (2 = kernel, 4 = static/ip,
 *     {@link Ownership#ROUTE_PROTOCOL} = netagent)
 */
public record Route(IpSubnet destination, Optional<IpAddress> gateway, InterfaceName link, int protocol) {
  /** rtm_protocol of routes the kernel adds for an address's subnet. */
  public static final int PROTOCOL_KERNEL = 2;

  public Route {
    Objects.requireNonNull(destination);
    gateway.filter(g -> g.family() != destination.family()).ifPresent(g -> {
      throw new IllegalArgumentException("gateway " + g + " is not of the family of " + destination);
    });
  }

  /** A route of {@code destination} through {@code gateway}, of either family. */
  public static Route via(IpSubnet destination, IpAddress gateway, InterfaceName link, int protocol) {
    return new Route(destination, Optional.of(gateway), link, protocol);
  }

  public IpFamily family() {
    return destination.family();
  }

  public boolean isDefault() {
    return destination.prefixLength() == 0;
  }

  public boolean isOwned() {
    return protocol == Ownership.ROUTE_PROTOCOL;
  }

  /** Same destination, gateway and interface, whoever installed it. */
  public boolean sameRoute(Route other) {
    return destination.equals(other.destination) && gateway.equals(other.gateway) && link.equals(other.link);
  }

  @Override
  public String toString() {
    String dst = isDefault() ? "default" : destination.toString();
    return dst + gateway.map(g -> " via " + g).orElse("") + " dev " + link;
  }
}
