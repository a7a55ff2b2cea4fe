package io.netagent.model;

/** An address of either family on an interface, with the prefix length of its subnet. */
public sealed interface IpCidr permits Ipv4Cidr, Ipv6Cidr {

  IpAddress address();

  int prefixLength();

  /** The subnet the address belongs to. */
  IpSubnet subnet();

  default IpFamily family() {
    return address().family();
  }
}
