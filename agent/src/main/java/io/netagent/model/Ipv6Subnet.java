package io.netagent.model;

import java.util.Optional;

/**
 * An IPv6 network: a base address with every host bit zero, and a prefix length 0–128.
 *
 * <p>{@code fd00::5/64} is refused rather than silently masked, as for IPv4: a subnet with host
 * bits set usually means a typo.
 */
public record Ipv6Subnet(Ipv6Address network, int prefixLength) implements IpSubnet {

  /** The subnet containing every address: {@code ::/0}. */
  public static final Ipv6Subnet ANY = new Ipv6Subnet(new Ipv6Address(0, 0), 0);

  public Ipv6Subnet {
    if (prefixLength < 0 || prefixLength > 128) {
      throw new ModelException("prefix length " + prefixLength + " is not between 0 and 128");
    }
    Ipv6Address masked = masked(network, prefixLength);
    if (!masked.equals(network)) {
      throw new ModelException(network + "/" + prefixLength + " has host bits set (did you mean " + masked + "/" + prefixLength + "?)");
    }
  }

  /** Parses {@code address/n}. */
  public static Ipv6Subnet parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new ModelException("\"" + text + "\" is not an IPv6 subnet (expected address/prefix, such as fd00:88::/64)");
    }
    return new Ipv6Subnet(Ipv6Address.parse(text.substring(0, slash)), Ipv4Cidr.parsePrefixLength(text, text.substring(slash + 1), 3));
  }

  /** The address with every bit past {@code prefixLength} cleared. */
  static Ipv6Address masked(Ipv6Address address, int prefixLength) {
    return new Ipv6Address(address.high() & mask(prefixLength), address.low() & mask(prefixLength - 64));
  }

  /** The mask of the first {@code bits} bits of a 64-bit half (all for 64 or more, none for 0 or less). */
  private static long mask(int bits) {
    return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
  }

  public boolean contains(Ipv6Address address) {
    return masked(address, prefixLength).equals(network);
  }

  /** True when the two subnets share at least one address. */
  public boolean overlaps(Ipv6Subnet other) {
    int shorter = Math.min(prefixLength, other.prefixLength);
    return masked(network, shorter).equals(masked(other.network, shorter));
  }

  /** The last address of the subnet. */
  public Ipv6Address last() {
    return new Ipv6Address(network.high() | ~mask(prefixLength), network.low() | ~mask(prefixLength - 64));
  }

  /**
   * True when no interface should take the address: the subnet-router anycast address (the
   * subnet's own, RFC 4291 §2.6.1) except in a /127 or /128 (RFC 6164), and the reserved
   * subnet anycast addresses, the top 128 of a subnet with 64-bit interface identifiers (RFC 2526).
   */
  public boolean isReserved(Ipv6Address address) {
    return reservation(address).isPresent();
  }

  /** Which of the reserved addresses of {@link #isReserved} this one is, in words that complete "ADDRESS is ...". */
  public Optional<String> reservation(Ipv6Address address) {
    if (prefixLength < 127 && address.equals(network)) {
      return Optional.of("the subnet-router anycast address of " + this);
    }
    boolean anycast = prefixLength == 64 && contains(address) && Long.compareUnsigned(address.low(), 0xfdffffffffffff80L) >= 0
        && Long.compareUnsigned(address.low(), 0xfdffffffffffffffL) <= 0;
    return anycast ? Optional.of("a reserved subnet anycast address of " + this + " (RFC 2526)") : Optional.empty();
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }
}
