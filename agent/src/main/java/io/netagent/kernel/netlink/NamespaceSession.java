package io.netagent.kernel.netlink;

import io.netagent.linux.Errno;
import io.netagent.linux.NamedNamespaces;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.NamespaceVisitor;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.nftables.Nftables;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceId;
import io.netagent.observed.NatRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * netagent's presence in one network namespace: an rtnetlink socket opened there (a socket
 * stays in the namespace it was opened in, whichever thread uses it) and, while watched, a
 * socket subscribed to its notifications.
 *
 * <p>The host namespace also has a thread of its own that lives in it, for what only works from
 * inside (libnftables, conntrack, /proc/net and /proc/sys). A container namespace has no thread:
 * the {@link NamespaceVisitor} enters it for the moment a socket is opened or a sysctl written.
 *
 * <p>Its sockets hold a reference on the namespace (docs/kernel-facts.md §9): once closed, the
 * session is over for good, and whoever still holds it finds its namespace gone
 * ({@link NamespaceGoneException}) rather than a closed socket.
 */
final class NamespaceSession {
  /** The namespace netagent runs in, as a file other threads can open (the main thread's). */
  static final Path SELF = Path.of("/proc/self/ns/net");

  final NamespaceRef ref;
  private final Path file;
  private final NetlinkSocket socket;
  private final long inode;
  /** The namespace's identity: the same for every file that names it. */
  final NamespaceId id;
  /** The host's own thread; null for a container namespace. */
  private final NamespaceThread thread;
  private final NamespaceVisitor visitor;
  /** Opened on first use, on the host's thread; null until then. */
  private Nftables nftables;
  private NetlinkSocket netfilter;
  /** The notification socket(s), while watched; null otherwise. The host also follows its nftables changes. */
  private NetlinkSocket subscribed;
  private NetlinkSocket nftSubscribed;
  /** Counts the rtnetlink notifications read and the operations applied here: a change since a snapshot shows in it. */
  final AtomicLong changes = new AtomicLong();
  /** The same for the host's nftables (notifications of NFNLGRP_NFTABLES, NAT operations). */
  final AtomicLong natChanges = new AtomicLong();
  /** The id this namespace gives the host, once known: it stays while both namespaces live. */
  private volatile Optional<Integer> hostNsid = Optional.empty();
  /** The host's links that notifications named since the last {@link #mark}; not used for a container namespace. */
  final ChangedLinks changedLinks = new ChangedLinks();
  private Remembered remembered;
  /** The host's NAT table as netagent's last transaction left it, when that is certain; see {@link NftGeneration}. */
  private volatile Optional<NftGeneration.Written> writtenNat = Optional.empty();
  /** Set once by {@link #close}, under this session's lock; the sockets are closed then. */
  private boolean closed;

  /**
   * What the counters said and whether notifications were followed when a read began, and for
   * the host the links notifications named since the mark before (empty: unknown, read all).
   */
  record Mark(long changes, long natChanges, boolean watched, Optional<Set<Integer>> changedLinks) {}

  /** The last snapshot, and the mark taken just before its read began. */
  record Remembered(Snapshot snapshot, Mark mark) {
    /** Whether nothing changed between this snapshot's mark and {@code now}. */
    boolean unchangedAt(Mark now) {
      return mark.changes() == now.changes() && natUnchangedAt(now);
    }

    /** Whether the host's NAT table did not change between this snapshot's mark and {@code now}. */
    boolean natUnchangedAt(Mark now) {
      return mark.natChanges() == now.natChanges();
    }
  }

  private NamespaceSession(NamespaceRef ref, Path file, NetlinkSocket socket, long inode, NamespaceThread thread,
      NamespaceVisitor visitor) {
    this.ref = ref;
    this.file = file;
    this.socket = socket;
    this.inode = inode;
    this.id = new NamespaceId(deviceOf(file), inode);
    this.thread = thread;
    this.visitor = visitor;
  }

  /** The device of the nsfs file (every namespace's is nsfs's); 0 if it cannot be read (the inode still tells namespaces apart). */
  private static long deviceOf(Path file) {
    try {
      return ((Number) Files.getAttribute(file, "unix:dev")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }

  /** The file that refers to a namespace; {@code host} for the host namespace. */
  static Path fileOf(NamespaceRef ref, Path host) {
    if (ref instanceof NamespaceRef.Named named) {
      return named.path();
    }
    if (ref instanceof NamespaceRef.AtPath at) {
      return Path.of(at.path());
    }
    return host;
  }

  /** Whether the namespace exists. A named namespace file with nothing bound on it (a creation cut short) is no namespace. */
  static boolean exists(NamespaceRef ref, Path host) {
    Path file = fileOf(ref, host);
    return Files.exists(file) && !(ref instanceof NamespaceRef.Named && !NamedNamespaces.isBound(file));
  }

  /** A session in the namespace, or empty when it does not exist; {@code host} is the host namespace's file. */
  static Optional<NamespaceSession> open(NamespaceRef ref, Path host, NamespaceVisitor visitor) {
    Path file = fileOf(ref, host);
    if (!exists(ref, host)) {
      return Optional.empty();
    }
    if (!(ref instanceof NamespaceRef.Host)) {
      return Optional.of(visitor.visit(file,
          () -> new NamespaceSession(ref, file, NetlinkSocket.open(Netlink.NETLINK_ROUTE), NamespaceVisitor.currentInode(), null, visitor)));
    }
    NamespaceThread thread = file.equals(SELF) ? NamespaceThread.host() : NamespaceThread.enter(ref.display(), file);
    try {
      NetlinkSocket socket = thread.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE));
      return Optional.of(new NamespaceSession(ref, file, socket, thread.namespaceInode(), thread, visitor));
    } catch (RuntimeException e) {
      thread.close();
      throw e;
    }
  }

  /**
   * True while the namespace's file still refers to the namespace this session is in. A named
   * namespace deleted and created again under the same name is another namespace; this
   * session's socket would keep the old one alive and show its stale state.
   */
  boolean isCurrent() {
    try {
      return NamespaceThread.inodeOfFile(file) == inode;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code task} with the namespace's socket (on the host's thread, for the host). A
   * container namespace's session is held for the whole task, so {@link #close} waits for it to
   * end; after close this throws {@link NamespaceGoneException}.
   */
  <T> T call(Function<NetlinkSocket, T> task) {
    if (thread != null) {
      return thread.call(() -> task.apply(socket));
    }
    synchronized (this) {
      requireOpen();
      return task.apply(socket);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new NamespaceGoneException(ref, file);
    }
  }

  /** Starts {@code task} with the namespace's socket, on {@code pool} (on the host's thread, for the host); {@link NamespaceThread#await} gives its result. */
  <T> Future<T> start(Function<NetlinkSocket, T> task, Executor pool) {
    if (thread != null) {
      return thread.start(() -> task.apply(socket));
    }
    return CompletableFuture.supplyAsync(() -> call(task), pool);
  }

  /** Runs {@code task} inside the namespace (for /proc/sys, which follows the calling thread). */
  void run(Runnable task) {
    inside(() -> {
      task.run();
      return null;
    });
  }

  /**
   * Runs {@code task} on a thread inside the namespace: the host's own thread, or the visitor for
   * a container namespace. The visitor enters the namespace by its file, which may since refer
   * to another namespace (deleted and created again under the same name) or to none: then the
   * task does not run and this throws {@link NamespaceGoneException}.
   */
  private <T> T inside(Callable<T> task) {
    if (thread != null) {
      return thread.call(task);
    }
    synchronized (this) {
      requireOpen();
    }
    try {
      return visitor.visit(file, () -> {
        if (NamespaceVisitor.currentInode() != inode) {
          throw new NamespaceGoneException(ref, file);
        }
        return task.call();
      });
    } catch (SystemCallException e) {
      if (e.errno() == Errno.ENOENT && !isCurrent()) {
        throw new NamespaceGoneException(ref, file);
      }
      throw e;
    }
  }

  /** Writes a sysctl of this namespace; a refusal comes back as a SystemCallException with its errno. */
  void writeSysctl(String key, String value) {
    run(() -> ProcSys.write(key, value));
  }

  /** The libnftables context of the host, opened on first use. Call only from inside {@link #call} on the host session. */
  Nftables nftables() {
    requireHost();
    if (nftables == null) {
      nftables = Nftables.open();
    }
    return nftables;
  }

  /** Records what netagent's own nftables transaction left (empty: not certain, list the table). */
  void wroteNat(Optional<NftGeneration.Written> written) {
    writtenNat = written;
  }

  /**
   * The NAT table netagent wrote last, if no nftables transaction was committed since (the
   * generation is unchanged). Call only from inside {@link #call} on the host session.
   */
  Optional<Optional<NatRuleset>> natAsWritten() {
    Optional<NftGeneration.Written> written = writtenNat;
    if (written.isPresent() && written.get().generation() == NftGeneration.of(netfilter())) {
      return Optional.of(written.get().table());
    }
    return Optional.empty();
  }

  /** The host's NETLINK_NETFILTER socket, opened on first use. Call only from inside {@link #call} on the host session. */
  NetlinkSocket netfilter() {
    requireHost();
    if (netfilter == null) {
      netfilter = NetlinkSocket.open(Netlink.NETLINK_NETFILTER);
    }
    return netfilter;
  }

  private void requireHost() {
    if (thread == null) {
      throw new IllegalStateException("nftables and conntrack are used only in the host namespace, not in " + ref.display());
    }
  }

  /**
   * Has {@code events} follow this namespace's notifications (once; later calls change nothing).
   * A namespace that went meanwhile is not followed: its session is released (and the listener
   * told) by {@link NamespaceSessions}.
   */
  synchronized void watch(Events events) {
    if (subscribed != null || closed) {
      return;
    }
    Callable<NetlinkSocket> subscribe = thread != null ? Events::subscribeHost : Events::subscribeContainer;
    try {
      subscribed = inside(subscribe);
    } catch (NamespaceGoneException e) {
      return;
    }
    // What changed while nothing was followed is unknown.
    changes.incrementAndGet();
    natChanges.incrementAndGet();
    changedLinks.everything();
    if (thread != null) {
      nftSubscribed = thread.call(Events::subscribeNftables);
      events.add(ref, nftSubscribed, natChanges, false, null);
    }
    events.add(ref, subscribed, changes, true, thread != null ? changedLinks : null);
  }

  /** Stops following this namespace's notifications; {@code events} closes the sockets. */
  synchronized void unwatch(Events events) {
    if (subscribed != null) {
      events.remove(subscribed);
      subscribed = null;
    }
    if (nftSubscribed != null) {
      events.remove(nftSubscribed);
      nftSubscribed = null;
    }
  }

  synchronized boolean isWatched() {
    return subscribed != null;
  }

  /** The id this namespace gives the host, asking {@code ask} until it is known. */
  Optional<Integer> hostNsid(Supplier<Optional<Integer>> ask) {
    if (hostNsid.isEmpty()) {
      hostNsid = ask.get();
    }
    return hostNsid;
  }

  /**
   * What the counters say now and, for the host, the links named since the last mark (which
   * starts afresh). Take it just before a read begins; hand it back with the snapshot to
   * {@link #remember}.
   */
  synchronized Mark mark() {
    return new Mark(changes.get(), natChanges.get(), isWatched(), thread != null ? changedLinks.take() : Optional.empty());
  }

  synchronized void remember(Snapshot snapshot, Mark mark) {
    remembered = new Remembered(snapshot, mark);
  }

  /** Drops the last snapshot: the next read reads everything (after a read that failed, its mark's changed links are lost). */
  synchronized void forgetSnapshot() {
    remembered = null;
  }

  /**
   * The last snapshot, if notifications were followed from before its read began until
   * {@code now} (a mark taken after {@link Events#sync}), so that the counters and changed links
   * since tell everything that changed.
   */
  synchronized Optional<Remembered> followedUntil(Mark now) {
    return remembered != null && remembered.mark().watched() && now.watched() ? Optional.of(remembered) : Optional.empty();
  }

  /**
   * Closes the sockets (and ends the host's thread): they hold a reference to the namespace,
   * which would otherwise outlive its deletion with everything in it (docs/kernel-facts.md §9).
   * The notification sockets go back to {@code events} (null when nothing is followed), whose
   * reader closes them at once. Waits for a task running with the socket; later tasks, and
   * {@link #watch}, find the namespace gone. Closing twice does nothing.
   */
  void close(Events events) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (events != null) {
        unwatch(events);
      }
      if (thread == null) {
        socket.close();
        return;
      }
    }
    try {
      thread.call(() -> {
        socket.close();
        if (nftables != null) {
          nftables.close();
        }
        if (netfilter != null) {
          netfilter.close();
        }
        return null;
      });
    } finally {
      thread.close();
    }
  }
}
