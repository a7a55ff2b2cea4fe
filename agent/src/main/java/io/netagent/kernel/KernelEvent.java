package io.netagent.kernel;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/**
 * Something changed in a namespace: one rtnetlink notification, decoded just enough to judge
 * whether it concerns netagent. Notifications are hints, not facts (one change can produce
 * several, and a DELLINK may name a link that still exists), so a watcher re-reads the state.
 *
 * @param index the ifindex the notification is about (for a route, its output interface)
 * @param link the link's name, when the notification carries it (link notifications)
 * @param permanent for neighbour and FDB notifications: a permanent or static entry, or a
 *     deletion (which may have been of one)
 * @param protocol for route notifications: rtm_protocol
 */
public record KernelEvent(NamespaceRef namespace, Kind kind, int index, Optional<InterfaceName> link, boolean permanent, int protocol) {

  /**
   * What kind of object changed; OVERRUN means notifications were lost and anything may have;
   * NAMESPACE_GONE means the namespace's file no longer refers to it (its /run/netns entry was
   * deleted, the process behind its /proc/PID/ns/net path ended), and netagent has let go of it;
   * NAMESPACE_APPEARED that a followed namespace that did not exist now does.
   */
  public enum Kind {
    LINK,
    ADDRESS,
    ROUTE,
    NEIGHBOUR,
    FDB,
    OVERRUN,
    NAMESPACE_GONE,
    NAMESPACE_APPEARED
  }

  /**
   * A neighbour or FDB entry the kernel made or changed by itself (learnt, aged, probed): netagent
   * reads and installs only permanent and static ones, so such a notification changes nothing it
   * looks at.
   */
  public boolean isDynamicEntry() {
    return (kind == Kind.NEIGHBOUR || kind == Kind.FDB) && !permanent;
  }

  /** Notifications were lost in {@code namespace}. */
  public static KernelEvent overrun(NamespaceRef namespace) {
    return new KernelEvent(namespace, Kind.OVERRUN, 0, Optional.empty(), false, 0);
  }

  /** {@code namespace} went away: everything netagent had in it, and its veth ends in others, may be gone. */
  public static KernelEvent namespaceGone(NamespaceRef namespace) {
    return new KernelEvent(namespace, Kind.NAMESPACE_GONE, 0, Optional.empty(), false, 0);
  }

  /** A followed namespace that did not exist now does: its containers can be wired. */
  public static KernelEvent namespaceAppeared(NamespaceRef namespace) {
    return new KernelEvent(namespace, Kind.NAMESPACE_APPEARED, 0, Optional.empty(), false, 0);
  }
}
