package io.netagent.model;


/** An address assigned to an interface together with the prefix length of its subnet. */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) implements IpCidr, Comparable<Ipv4Cidr> {

  public Ipv4Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new ModelException("prefix length " + prefixLength + " is not between 0 and 32");
    }
  }

  /** Parses {@code a.b.c.d/n}. */
  public static Ipv4Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new ModelException("\"" + text + "\" is not an address with prefix (expected a.b.c.d/prefix)");
    }
    return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), parsePrefixLength(text, text.substring(slash + 1)));
  }

  static int parsePrefixLength(String whole, String text) {
    return parsePrefixLength(whole, text, 2);
  }

  /** The decimal prefix length after the slash of {@code whole}: at most {@code digits} digits, no leading zero. */
  static int parsePrefixLength(String whole, String text, int digits) {
    if (text.isEmpty() || text.length() > digits || !text.chars().allMatch(c -> c >= '0' && c <= '9')
        || (text.length() > 1 && text.charAt(0) == '0')) {
      throw new ModelException("\"" + whole + "\" has no valid prefix length after the /");
    }
    return Integer.parseInt(text);
  }

  /** The subnet this address belongs to. */
  @Override
  public Ipv4Subnet subnet() {
    return new Ipv4Subnet(new Ipv4Address(address.bits() & Ipv4Subnet.mask(prefixLength)), prefixLength);
  }

  @Override
  public int compareTo(Ipv4Cidr o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
