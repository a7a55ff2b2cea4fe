package io.netagent.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A declared network: its name, the bridge that realises it, the part of each of its subnets
 * addresses are allocated from for attachments that name none, and whether it is isolated from
 * the other networks.
 *
 * @param allocate a subnet inside the bridge's IPv4 subnet, or empty for the whole subnet (or
 *     when the network has no IPv4)
 * @param allocate6 a subnet inside the bridge's IPv6 subnet, or empty for the whole subnet (or
 *     when the network has no IPv6)
 * @param isolated whether traffic routed between this network and another netagent network is
 *     dropped (published ports, reached through a host address, excepted); traffic between two
 *     networks passes only when neither is isolated
 */
public record Network(String name, Bridge bridge, Optional<Ipv4Subnet> allocate, Optional<Ipv6Subnet> allocate6, boolean isolated) {
  public Network {
    ObjectName.requireValid("network", name);
    Objects.requireNonNull(bridge);
    Objects.requireNonNull(allocate);
    Objects.requireNonNull(allocate6);
    allocate.ifPresent(range -> {
      Ipv4Subnet whole = bridge.ipv4().orElseThrow(() -> new ModelException("allocation range " + range + " needs an IPv4 subnet")).subnet();
      if (!whole.contains(range.network()) || range.prefixLength() < whole.prefixLength()) {
        throw new ModelException("allocation range " + range + " is not inside subnet " + whole);
      }
    });
    allocate6.ifPresent(range -> {
      Ipv6Subnet whole = bridge.ipv6().orElseThrow(() -> new ModelException("allocation range " + range + " needs an IPv6 subnet")).subnet();
      if (!whole.contains(range.network()) || range.prefixLength() < whole.prefixLength()) {
        throw new ModelException("allocation range " + range + " is not inside subnet " + whole);
      }
    });
  }

  /** An isolated network that allocates from its whole subnets. */
  public Network(String name, Bridge bridge) {
    this(name, bridge, Optional.empty(), Optional.empty(), true);
  }

  /**
   * Whether {@code other} declares the same network: name, bridge (name, MAC, the subnet and
   * gateway of each family, IPv6 source NAT, MTU, ARP proxy entries, IPv4 source NAT),
   * allocation ranges and isolation, whatever containers are on it.
   */
  public boolean sameDefinition(Network other) {
    Bridge a = bridge;
    Bridge b = other.bridge;
    return name.equals(other.name) && allocate.equals(other.allocate) && allocate6.equals(other.allocate6) && isolated == other.isolated
        && a.name().equals(b.name()) && a.mac().equals(b.mac()) && a.ipv4().equals(b.ipv4()) && a.ipv6().equals(b.ipv6())
        && a.mtu() == b.mtu() && a.arpProxy().equals(b.arpProxy()) && a.nat().sourceNat().equals(b.nat().sourceNat());
  }

  /** This network with another bridge. */
  public Network withBridge(Bridge next) {
    return new Network(name, next, allocate, allocate6, isolated);
  }
}
