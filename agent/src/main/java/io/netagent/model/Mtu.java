package io.netagent.model;

import java.util.Optional;


/** The MTU bounds Linux enforces for Ethernet-like devices (bridge and veth). */
public final class Mtu {
  /** ETH_MIN_MTU. */
  public static final int MIN = 68;
  /** ETH_MAX_MTU, the most a veth or bridge accepts. */
  public static final int MAX = 65535;
  public static final int DEFAULT = 1500;
  /**
   * The least MTU of a link with IPv6 (RFC 8200, section 5): below it the kernel destroys the
   * link's IPv6 state (docs/kernel-facts.md §11A, A7).
   */
  public static final int IPV6_MIN = 1280;

  private Mtu() {}

  /** Why {@code mtu} cannot carry IPv6, in words that follow "a network with subnet6 ..."-style subjects; empty when it can. */
  public static Optional<String> ipv6Problem(int mtu) {
    return mtu < IPV6_MIN ? Optional.of("MTU " + mtu + " is below " + IPV6_MIN + ", the least IPv6 needs (RFC 8200)") : Optional.empty();
  }

  /** Returns {@code mtu} when it is within bounds, else throws. */
  public static int requireValid(int mtu) {
    if (mtu < MIN || mtu > MAX) {
      throw new ModelException("MTU " + mtu + " is outside " + MIN + "–" + MAX);
    }
    return mtu;
  }
}
