package io.netagent.model;


/**
 * An IPv4 network: a base address with every host bit zero, and a prefix length 0–32.
 *
 * <p>{@code 10.88.0.5/16} is refused rather than silently masked: a subnet with host bits set
 * usually means a typo in one of the two numbers.
 */
public record Ipv4Subnet(Ipv4Address network, int prefixLength) implements IpSubnet {

  /** The subnet containing every address. */
  public static final Ipv4Subnet ANY = new Ipv4Subnet(new Ipv4Address(0), 0);

  public Ipv4Subnet {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new ModelException("prefix length " + prefixLength + " is not between 0 and 32");
    }
    if ((network.bits() & ~mask(prefixLength)) != 0) {
      Ipv4Subnet masked = new Ipv4Subnet(new Ipv4Address(network.bits() & mask(prefixLength)), prefixLength);
      throw new ModelException(network + "/" + prefixLength + " has host bits set (did you mean " + masked + "?)");
    }
  }

  /** Parses {@code a.b.c.d/n}. */
  public static Ipv4Subnet parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new ModelException("\"" + text + "\" is not a subnet (expected a.b.c.d/prefix)");
    }
    return new Ipv4Subnet(Ipv4Address.parse(text.substring(0, slash)), Ipv4Cidr.parsePrefixLength(text, text.substring(slash + 1)));
  }

  /** The network mask of a prefix length, as 32 bits. */
  static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  public boolean contains(Ipv4Address address) {
    return (address.bits() & mask(prefixLength)) == network.bits();
  }

  /** True when the two subnets share at least one address. */
  public boolean overlaps(Ipv4Subnet other) {
    int shorter = Math.min(prefixLength, other.prefixLength);
    return ((network.bits() ^ other.network.bits()) & mask(shorter)) == 0;
  }

  /** The last address of the subnet. */
  public Ipv4Address broadcast() {
    return new Ipv4Address(network.bits() | ~mask(prefixLength));
  }

  /**
   * True when the address is the subnet's own network or broadcast address, which no interface
   * should take (except in /31 and /32, where every address is a host, RFC 3021).
   */
  public boolean isReserved(Ipv4Address address) {
    return prefixLength < 31 && (address.equals(network) || address.equals(broadcast()));
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }
}
