package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelEvent;
import io.netagent.linux.Errno;
import io.netagent.linux.NamespaceVisitor;
import io.netagent.linux.SystemCallException;
import io.netagent.model.NamespaceRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open {@link NamespaceSession}s, one per namespace, and the notification reader that follows
 * some of them. Both sides of the adapter are handed this registry: the reading side
 * ({@link StateReader}) and the applying side ({@link NetlinkOperations}).
 *
 * <p>A session is opened on first use, and again when its namespace was deleted and created anew
 * under the same name (the old socket would keep the old namespace alive and show its stale
 * state).
 */
final class NamespaceSessions implements AutoCloseable {
  private final Path host;
  private final NamespaceVisitor visitor = new NamespaceVisitor();
  private final Map<NamespaceRef, NamespaceSession> sessions = new ConcurrentHashMap<>();
  /** The notification reader, from the first {@link #follow} on; null until then. */
  private Events events;

  /** @param host the file of the namespace these sessions call host, such as {@code /proc/self/ns/net} */
  NamespaceSessions(Path host) {
    this.host = host;
  }

  /** The file that refers to {@code ns}: its own, or the host's file for the host namespace. */
  Path fileOf(NamespaceRef ns) {
    return NamespaceSession.fileOf(ns, host);
  }

  /** Whether {@code ns} exists now. */
  boolean exists(NamespaceRef ns) {
    return NamespaceSession.exists(ns, host);
  }

  /** The session of a namespace that must exist; ENOENT, naming the namespace, when it does not. */
  NamespaceSession session(NamespaceRef ns) {
    return existing(ns).orElseThrow(() -> new SystemCallException("open", Errno.ENOENT,
        "namespace " + ns.display() + " (" + fileOf(ns) + ")"));
  }

  /** The session of a namespace, opened on first use and again when the namespace was re-created; empty if it does not exist. */
  Optional<NamespaceSession> existing(NamespaceRef ns) {
    NamespaceSession session = sessions.get(ns);
    if (session != null && session.isCurrent()) {
      return Optional.of(session);
    }
    if (session != null) {
      forget(ns);
    }
    Optional<NamespaceSession> opened = NamespaceSession.open(ns, host, visitor);
    opened.ifPresent(s -> sessions.put(ns, s));
    return opened;
  }

  /** The session open in {@code ns}, without opening one. */
  Optional<NamespaceSession> opened(NamespaceRef ns) {
    return Optional.ofNullable(sessions.get(ns));
  }

  /** Closes the session of a namespace, releasing the namespace (before it is deleted). */
  void forget(NamespaceRef ns) {
    NamespaceSession session = sessions.remove(ns);
    if (session != null) {
      if (events != null) {
        session.unwatch(events);
      }
      session.close();
    }
  }

  /**
   * Follows the notifications of the namespaces of {@code namespaces} that exist, and of the
   * host; stops following the others. A namespace that appears later is followed from the next
   * call on.
   */
  synchronized void follow(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener) {
    if (events == null) {
      events = new Events(listener);
    } else {
      events.listener(listener);
    }
    Set<NamespaceRef> wanted = new TreeSet<>(namespaces);
    wanted.add(NamespaceRef.HOST);
    for (NamespaceRef ns : wanted) {
      existing(ns).ifPresent(s -> s.watch(events));
    }
    sessions.forEach((ns, s) -> {
      if (!wanted.contains(ns)) {
        s.unwatch(events);
      }
    });
  }

  /**
   * Lets the notification reader catch up with everything the kernel queued, so that the
   * sessions' counters tell every change made before this call.
   *
   * @return false when nothing is followed, or the reader could not catch up: then nothing may be assumed unchanged
   */
  synchronized boolean sync() {
    return events != null && events.sync();
  }

  /** Closes every session and the notification reader; the namespaces are released. */
  @Override
  public synchronized void close() {
    if (events != null) {
      events.close();
      events = null;
    }
    for (NamespaceRef ns : Set.copyOf(sessions.keySet())) {
      forget(ns);
    }
    visitor.close();
  }
}
