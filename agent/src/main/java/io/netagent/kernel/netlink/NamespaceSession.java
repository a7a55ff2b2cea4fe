package io.netagent.kernel.netlink;

import io.netagent.linux.NamedNamespaces;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.NamespaceVisitor;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.nftables.Nftables;
import io.netagent.model.NamespaceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
 */
final class NamespaceSession implements AutoCloseable {
  /** The namespace netagent runs in, as a file other threads can open (the main thread's). */
  static final Path SELF = Path.of("/proc/self/ns/net");

  final NamespaceRef ref;
  private final Path file;
  private final NetlinkSocket socket;
  private final long inode;
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
  private Remembered remembered;

  /** The last snapshot and what the counters said, and whether notifications were followed, when it began. */
  record Remembered(Snapshot snapshot, long changes, long natChanges, boolean watched) {
    /** The counters taken before a read, with the snapshot that read gave. */
    Remembered with(Snapshot read) {
      return new Remembered(read, changes, natChanges, watched);
    }
  }

  private NamespaceSession(NamespaceRef ref, Path file, NetlinkSocket socket, long inode, NamespaceThread thread,
      NamespaceVisitor visitor) {
    this.ref = ref;
    this.file = file;
    this.socket = socket;
    this.inode = inode;
    this.thread = thread;
    this.visitor = visitor;
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

  /** Runs {@code task} with the namespace's socket (on the host's thread, for the host). */
  <T> T call(Function<NetlinkSocket, T> task) {
    if (thread != null) {
      return thread.call(() -> task.apply(socket));
    }
    synchronized (this) {
      return task.apply(socket);
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

  /** Runs {@code task} on a thread inside the namespace: the host's own thread, or the visitor for a container namespace. */
  private <T> T inside(Callable<T> task) {
    return thread != null ? thread.call(task) : visitor.visit(file, task);
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

  /** Has {@code events} follow this namespace's notifications (once; later calls change nothing). */
  synchronized void watch(Events events) {
    if (subscribed != null) {
      return;
    }
    subscribed = inside(Events::subscribe);
    if (thread != null) {
      nftSubscribed = thread.call(Events::subscribeNftables);
      events.add(ref, nftSubscribed, natChanges, false);
    }
    events.add(ref, subscribed, changes, true);
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

  /** What the counters say now, with no snapshot yet; take it before a snapshot begins. */
  Remembered mark() {
    return new Remembered(null, changes.get(), natChanges.get(), isWatched());
  }

  synchronized void remember(Remembered snapshot) {
    remembered = snapshot;
  }

  /**
   * The last snapshot if it is still true: notifications were followed from before it began and
   * none arrived since (call after {@link Events#sync}); {@code natOnly} asks only about the
   * NAT table and listeners.
   */
  synchronized Optional<Snapshot> unchanged(boolean natOnly) {
    if (remembered == null || !remembered.watched() || !isWatched() || remembered.natChanges() != natChanges.get()) {
      return Optional.empty();
    }
    return natOnly || remembered.changes() == changes.get() ? Optional.of(remembered.snapshot()) : Optional.empty();
  }

  /**
   * Closes the sockets (and ends the host's thread): they hold a reference to the namespace,
   * which would otherwise outlive its deletion with everything in it. The notification socket,
   * if any, must have been handed back with {@link #unwatch} first.
   */
  @Override
  public void close() {
    if (thread == null) {
      synchronized (this) {
        socket.close();
      }
      return;
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
