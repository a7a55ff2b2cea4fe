package io.netagent.kernel.netlink;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The links of a namespace that notifications named since it was last read: a link, address,
 * route, neighbour or FDB notification names the ifindex it is about, and only what is on those
 * links need be read again. Anything that names no single link (an overrun, a route without an
 * output device, a notification that did not decode) or too many links asks for a whole read.
 *
 * <p>Filled by the notification reader, taken by a read of the namespace; thread-safe.
 */
final class ChangedLinks {
  /**
   * Beyond this many links a whole read is cheaper: each changed link costs five requests, a
   * whole read five dumps (at a thousand links, about as long as 60 links' requests).
   */
  static final int LIMIT = 32;

  private Set<Integer> indexes = new HashSet<>();
  /** Unknown since the last take: read the whole namespace. True until the first take. */
  private boolean everything = true;

  /** A notification about link {@code index}; 0 or less when it names no single link. */
  synchronized void add(int index) {
    if (index <= 0) {
      everything = true;
    } else if (!everything) {
      indexes.add(index);
      everything = indexes.size() > LIMIT;
    }
  }

  /** Something changed that no ifindex describes. */
  synchronized void everything() {
    everything = true;
  }

  /**
   * The links named since the last take, or empty when the whole namespace must be read; starts
   * afresh. Take it just before a read begins: what is named during the read counts for the next.
   */
  synchronized Optional<Set<Integer>> take() {
    Optional<Set<Integer>> taken = everything ? Optional.empty() : Optional.of(indexes);
    indexes = new HashSet<>();
    everything = false;
    return taken;
  }
}
