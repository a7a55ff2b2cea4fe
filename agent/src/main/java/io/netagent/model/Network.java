package io.netagent.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A declared network: its name, the bridge that realises it, and the part of its subnet
 * addresses are allocated from for attachments that name none.
 *
 * @param allocate a subnet inside the bridge's subnet, or empty for the whole subnet
 */
public record Network(String name, Bridge bridge, Optional<Ipv4Subnet> allocate) {
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

  /** A network that allocates from its whole subnet. */
  public Network(String name, Bridge bridge) {
    this(name, bridge, Optional.empty());
  }

  /** This network with another bridge. */
  public Network withBridge(Bridge next) {
    return new Network(name, next, allocate);
  }
}
