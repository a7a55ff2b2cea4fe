package io.netagent.model;

import java.util.Objects;

/**
 * A bridge's IPv4: the subnet it serves and its own address in it, the containers' gateway.
 * Its source NAT and published ports are the bridge's {@link NatTable}.
 */
public record BridgeIpv4(Ipv4Subnet subnet, Ipv4Address gateway) {

  public BridgeIpv4 {
    Objects.requireNonNull(subnet);
    if (!subnet.contains(gateway)) {
      throw new ModelException("gateway " + gateway + " is outside subnet " + subnet);
    }
    if (subnet.isReserved(gateway)) {
      throw new ModelException("gateway " + gateway + " is the network or broadcast address of " + subnet);
    }
  }

  /** The gateway with the subnet's prefix length: the address the bridge carries. */
  public Ipv4Cidr gatewayCidr() {
    return new Ipv4Cidr(gateway, subnet.prefixLength());
  }
}
