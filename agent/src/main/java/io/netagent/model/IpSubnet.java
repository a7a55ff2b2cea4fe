package io.netagent.model;

/** A network of either family: a base address with every host bit zero, and a prefix length. */
public sealed interface IpSubnet permits Ipv4Subnet, Ipv6Subnet {

  IpAddress network();

  int prefixLength();

  /** The subnet of every address of {@code family}: a default route's destination. */
  static IpSubnet any(IpFamily family) {
    return family == IpFamily.IPV4 ? Ipv4Subnet.ANY : Ipv6Subnet.ANY;
  }

  default IpFamily family() {
    return network().family();
  }
}
