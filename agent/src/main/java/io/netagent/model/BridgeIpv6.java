package io.netagent.model;

import java.util.Objects;

/**
 * A bridge's IPv6: the subnet it serves, its own address in it (the containers' gateway), and
 * the source NAT of traffic from the subnet to the outside.
 *
 * <p>The subnet is a /64 or a longer prefix, as issue 15 asks: /64 is the size IPv6 subnets are
 * built on (RFC 7421) and the one the reserved subnet anycast addresses are computed for (RFC
 * 2526), and a bridge has no use for more than 2^64 addresses. At most /127, which still holds
 * the gateway and one container (RFC 6164).
 */
public record BridgeIpv6(Ipv6Subnet subnet, Ipv6Address gateway, Ipv6SourceNat sourceNat) {

  private static final int SHORTEST_PREFIX = 64;
  /** A /127 still holds the gateway and one container. */
  private static final int LONGEST_PREFIX = 127;

  public BridgeIpv6 {
    requireUsable(subnet);
    Objects.requireNonNull(sourceNat);
    if (!subnet.contains(gateway)) {
      throw new ModelException("gateway " + gateway + " is outside subnet " + subnet);
    }
    subnet.reservation(gateway).ifPresent(r -> {
      throw new ModelException("gateway " + gateway + " is " + r);
    });
  }

  /** The gateway a subnet gets when none is declared: its first address after the subnet-router anycast one ({@code ::1} in it). */
  public static Ipv6Address defaultGateway(Ipv6Subnet subnet) {
    return subnet.network().plus(1);
  }

  /**
   * {@code subnet} if a container network can use it: a /64 to /127 of global or unique local
   * addresses.
   */
  public static Ipv6Subnet requireUsable(Ipv6Subnet subnet) {
    if (subnet.prefixLength() < SHORTEST_PREFIX || subnet.prefixLength() > LONGEST_PREFIX) {
      throw new ModelException(subnet + " is a /" + subnet.prefixLength() + ": an IPv6 container network must be a /" + SHORTEST_PREFIX
          + " or a longer prefix, up to /" + LONGEST_PREFIX);
    }
    String tail = ": an IPv6 container network needs global or unique local addresses, such as fd00:88::/64";
    if (subnet.network().isUnspecified()) {
      throw new ModelException(subnet + " holds the unspecified and loopback addresses" + tail);
    }
    subnet.network().specialUse().ifPresent(use -> {
      throw new ModelException(subnet + " is " + use + tail);
    });
    return subnet;
  }
}
