package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import java.util.Optional;

/**
 * An IPv4 unicast route of the main table.
 *
 * @param destination where it leads; {@link Ipv4Subnet#ANY} for the default route
 * @param gateway the next hop, if any
 * @param link the output interface
 * @param protocol rtm_protocol: who installed it (2 = kernel, 4 = static/ip,
 *     {@link Ownership#ROUTE_PROTOCOL} = netagent)
 */
public record Route(Ipv4Subnet destination, Optional<Ipv4Address> gateway, InterfaceName link, int protocol) {
  /** rtm_protocol of routes the kernel adds for an address's subnet. */
  public static final int PROTOCOL_KERNEL = 2;

  public boolean isDefault() {
    return destination.equals(Ipv4Subnet.ANY);
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
