package io.netagent.trace;

import io.netagent.model.Container;
import io.netagent.model.IpAddress;
import io.netagent.model.Network;
import java.util.Objects;
import java.util.Optional;

/**
 * One end of a traced packet, resolved against the configuration.
 *
 * @param kind what it is
 * @param address its address in the packet's family; empty only for the host as a source whose
 *     address the model cannot know (its address toward the outside)
 * @param container the container, for {@link Kind#CONTAINER}
 * @param network the network it is on, for {@link Kind#CONTAINER} and {@link Kind#NETWORK}
 * @param word how the user named it ({@code c1}, {@code host}, {@code 10.88.0.5})
 */
public record Side(Kind kind, Optional<IpAddress> address, Optional<Container> container, Optional<Network> network, String word) {

  /** What a side is. */
  public enum Kind {
    /** A declared container: its packets enter the host by its network's bridge. */
    CONTAINER,
    /** An address in a network's subnet that no container has: it too is behind the bridge. */
    NETWORK,
    /** The host itself: its packets are sent by a local socket (the output hook), and it receives what is local. */
    HOST,
    /** Anything beyond netagent's networks, reached by the host's other interfaces. */
    OUTSIDE
  }

  public Side {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(address);
    Objects.requireNonNull(container);
    Objects.requireNonNull(network);
    Objects.requireNonNull(word);
  }

  /** {@code c1 (10.88.0.2)}, {@code host (10.88.0.1)}, {@code outside (203.0.113.10)}. */
  public String describe() {
    String what = word;
    String at = address.map(IpAddress::toString).orElse("its own address");
    return what.equals(at) ? what : what + " (" + at + ")";
  }
}
