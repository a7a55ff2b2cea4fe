package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelEvent;
import io.netagent.linux.NamespaceVisitor;
import io.netagent.model.NamespaceRef;
import java.nio.file.Path;
import java.time.Duration;
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
 * under the same name. A session whose namespace went away (its file no longer refers to it) is
 * closed as soon as that is noticed: by whoever asks for it next, and, once notifications are
 * followed, by a poller every {@link #GONE_POLL}, which also tells the listener. Its sockets would
 * otherwise keep the namespace, and the veth ends in it, alive (docs/kernel-facts.md §9).
 */
final class NamespaceSessions implements AutoCloseable {
  /**
   * How often the sessions' namespaces are checked: a stat(2) of each one's file, about 2.5 ms
   * for 1000 sessions (0.5% of one core at this interval), so a namespace is let go about half
   * a second after it went at worst.
   */
  static final Duration GONE_POLL = Duration.ofMillis(500);

  private final Path host;
  private final NamespaceVisitor visitor = new NamespaceVisitor();
  private final Map<NamespaceRef, NamespaceSession> sessions = new ConcurrentHashMap<>();
  /** Held while a session is opened, so that two callers never open two sessions of one namespace (one would never be closed). */
  private final Object opening = new Object();
  /** The notification reader, from the first {@link #follow} on; null until then and after close. */
  private volatile Events events;
  private volatile Consumer<KernelEvent> listener = e -> {};
  /** Checks every session's namespace, from the first {@link #follow} on; null until then and after close. */
  private GonePoller poller;
  /** The followed namespaces that did not exist at the last {@link #follow}: looked for at each poll. */
  private volatile Set<NamespaceRef> awaited = Set.of();

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
    return existing(ns).orElseThrow(() -> new NamespaceGoneException(ns, fileOf(ns)));
  }

  /**
   * The session of a namespace, opened on first use and again when the namespace was re-created;
   * empty if it does not exist. A session handed out may still be closed under its user should
   * the namespace go; its calls then throw {@link NamespaceGoneException}.
   */
  Optional<NamespaceSession> existing(NamespaceRef ns) {
    NamespaceSession session = sessions.get(ns);
    if (session != null && session.isCurrent()) {
      return Optional.of(session);
    }
    boolean released = false;
    try {
      synchronized (opening) {
        session = sessions.get(ns);
        if (session != null && session.isCurrent()) {
          return Optional.of(session);
        }
        released = session != null && close(ns, session);
        Optional<NamespaceSession> opened = NamespaceSession.open(ns, host, visitor);
        opened.ifPresent(s -> sessions.put(ns, s));
        return opened;
      }
    } finally {
      if (released) {
        listener.accept(KernelEvent.namespaceGone(ns));
      }
    }
  }

  /** The session open in {@code ns}, without opening one. */
  Optional<NamespaceSession> opened(NamespaceRef ns) {
    return Optional.ofNullable(sessions.get(ns));
  }

  /** Closes the session of a namespace, releasing the namespace (before netagent deletes it: no one is told). */
  void forget(NamespaceRef ns) {
    NamespaceSession session = sessions.remove(ns);
    if (session != null) {
      session.close(events);
    }
  }

  /**
   * Closes {@code session}, whose namespace went away, unless it was closed already. Only that
   * session: by the time its namespace's going is noticed, another thread may have opened a
   * session in a namespace created again under the same name.
   *
   * @return whether this call closed it (then the listener is to be told, outside any lock)
   */
  private boolean close(NamespaceRef ns, NamespaceSession session) {
    if (!sessions.remove(ns, session)) {
      return false;
    }
    session.close(events);
    return true;
  }

  /**
   * Releases every session of a container namespace whose file no longer refers to it (the host
   * namespace does not go), and tells of each followed namespace that did not exist and now does:
   * no notification says a namespace appeared, so its file is looked at too.
   */
  void releaseGone() {
    sessions.forEach((ns, session) -> {
      if (!(ns instanceof NamespaceRef.Host) && !session.isCurrent() && close(ns, session)) {
        listener.accept(KernelEvent.namespaceGone(ns));
      }
    });
    for (NamespaceRef ns : awaited) {
      if (exists(ns) && awaited.remove(ns)) {
        listener.accept(KernelEvent.namespaceAppeared(ns));
      }
    }
  }

  /**
   * Follows the notifications of the namespaces of {@code namespaces} that exist, and of the
   * host; stops following the others. A namespace that appears later is followed from the next
   * call on, and {@code listener} is told when it appears ({@link KernelEvent.Kind#NAMESPACE_APPEARED}).
   * From the first call on, namespaces that go are released and {@code listener} is told
   * ({@link KernelEvent.Kind#NAMESPACE_GONE}).
   */
  synchronized void follow(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener) {
    this.listener = listener;
    if (events == null) {
      events = new Events(listener);
    } else {
      events.listener(listener);
    }
    if (poller == null) {
      poller = new GonePoller(GONE_POLL, this::releaseGone);
    }
    Set<NamespaceRef> wanted = new TreeSet<>(namespaces);
    wanted.add(NamespaceRef.HOST);
    Set<NamespaceRef> missing = ConcurrentHashMap.newKeySet();
    for (NamespaceRef ns : wanted) {
      existing(ns).ifPresentOrElse(s -> s.watch(events), () -> missing.add(ns));
    }
    awaited = missing;
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
  public void close() {
    GonePoller stopping;
    synchronized (this) {
      stopping = poller;
      poller = null;
    }
    // Outside the lock: a check under way may be telling a listener that waits for this lock's holder.
    if (stopping != null) {
      stopping.close();
    }
    synchronized (this) {
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
}
