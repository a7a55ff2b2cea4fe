package io.netagent.trace;

import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;

/**
 * Which addresses the model knows to be the host's own, what {@code fib daddr type local}
 * matches: every network's gateway, the given host address, and loopback (127.0.0.0/8, ::1).
 * The host may have more (its uplink's); name one with {@code --host-address}.
 */
final class Locality {
  private Locality() {}

  static boolean isLocal(FamilyView view, IpAddress address, Places places) {
    return isLoopback(address) || places.host(view.family).filter(address::equals).isPresent()
        || view.networks.stream().anyMatch(n -> n.gateway().equals(address));
  }

  static boolean isLoopback(IpAddress address) {
    return address instanceof Ipv4Address a4 ? a4.isLoopback() : ((Ipv6Address) address).isLoopback();
  }
}
