package io.netagent.model;

/** An IPv6 address assigned to an interface together with the prefix length of its subnet. */
public record Ipv6Cidr(Ipv6Address address, int prefixLength) implements IpCidr {

  public Ipv6Cidr {
    if (prefixLength < 0 || prefixLength > 128) {
      throw new ModelException("prefix length " + prefixLength + " is not between 0 and 128");
    }
  }

  /** The subnet this address belongs to. */
  @Override
  public Ipv6Subnet subnet() {
    return new Ipv6Subnet(Ipv6Subnet.masked(address, prefixLength), prefixLength);
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
