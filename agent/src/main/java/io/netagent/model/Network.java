package io.netagent.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A declared network: its name, the bridge that realises it, the part of its subnet addresses
 * are allocated from for attachments that name none, and whether it is isolated from the other
 * networks.
 *
 * @param allocate a subnet inside the bridge's subnet, or empty for the whole subnet
 * @param isolated whether traffic routed between this network and another netagent network is
 *     dropped (published ports, reached through a host address, excepted); traffic between two
 *     networks passes only when neither is isolated
 */
public record Network(String name, Bridge bridge, Optional<Ipv4Subnet> allocate, boolean isolated) {
  public Network {
    ObjectName.requireValid("network", name);
    Objects.requireNonNull(bridge);
    Objects.requireNonNull(allocate);
    allocate.ifPresent(range -> {
      if (!bridge.subnet().contains(range.network()) || range.prefixLength() < bridge.subnet().prefixLength()) {
        throw new ModelException("allocation range " + range + " is not inside subnet " + bridge.subnet());
      }
    });
  }

  /** An isolated network that allocates from its whole subnet. */
  public Network(String name, Bridge bridge) {
    this(name, bridge, Optional.empty(), true);
  }

  /**
   * Whether {@code other} declares the same network: name, bridge (name, MAC, gateway, subnet,
   * MTU, ARP proxy entries, source NAT), allocation range and isolation, whatever containers are
   * on it.
   */
  public boolean sameDefinition(Network other) {
    Bridge a = bridge;
    Bridge b = other.bridge;
    return name.equals(other.name) && allocate.equals(other.allocate) && isolated == other.isolated && a.name().equals(b.name()) && a.mac().equals(b.mac())
        && a.gateway().equals(b.gateway()) && a.subnet().equals(b.subnet()) && a.mtu() == b.mtu() && a.arpProxy().equals(b.arpProxy())
        && a.nat().sourceNat().equals(b.nat().sourceNat());
  }

  /** This network with another bridge. */
  public Network withBridge(Bridge next) {
    return new Network(name, next, allocate, isolated);
  }
}
