package io.netagent.trace;

import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * What the configuration does not say about the host's surroundings, for a trace: the address
 * {@code outside} stands for, and a host address beyond the gateways.
 *
 * @param family the family asked for ({@code -6}), when neither side is an address that says it
 * @param outside the address {@code outside} stands for, when given; else {@link #DEFAULT_OUTSIDE}
 *     or {@link #DEFAULT_OUTSIDE6}
 * @param host a host address (one of its uplink's), when given: {@code host} as a destination from
 *     the outside or the host, and an address the model knows to be local
 * @param bridgeNetfilter whether packets bridged between two ports of one bridge also pass the
 *     host's IP hooks ({@code br_netfilter} loaded, {@code net.bridge.bridge-nf-call-iptables=1}):
 *     the host's setting, which {@code --kernel} reads; without it such IPv4 packets never reach
 *     netagent's rules
 */
public record Places(Optional<IpFamily> family, Optional<IpAddress> outside, Optional<IpAddress> host, boolean bridgeNetfilter) {
  /** A documentation address (RFC 5737, TEST-NET-3): no real host answers it. */
  public static final Ipv4Address DEFAULT_OUTSIDE = Ipv4Address.parse("203.0.113.10");
  /** A documentation address (RFC 3849). */
  public static final Ipv6Address DEFAULT_OUTSIDE6 = Ipv6Address.parse("2001:db8::10");

  /** Nothing given: IPv4 unless an address says otherwise, the documentation addresses outside. */
  public static final Places DEFAULTS = new Places(Optional.empty(), Optional.empty(), Optional.empty(), false);

  public Places {
    Objects.requireNonNull(family);
    Objects.requireNonNull(outside);
    Objects.requireNonNull(host);
  }

  /** These places, with bridged packets passing the IP hooks or not. */
  public Places withBridgeNetfilter(boolean on) {
    return new Places(family, outside, host, on);
  }

  /** The address {@code outside} stands for in {@code family}. */
  public IpAddress outside(IpFamily family) {
    return outside.filter(a -> a.family() == family).orElse(family == IpFamily.IPV4 ? DEFAULT_OUTSIDE : DEFAULT_OUTSIDE6);
  }

  /** The given host address, when it is of {@code family}. */
  public Optional<IpAddress> host(IpFamily family) {
    return host.filter(a -> a.family() == family);
  }
}
