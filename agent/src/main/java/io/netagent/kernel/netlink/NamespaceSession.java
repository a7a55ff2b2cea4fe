package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelEvent;
import io.netagent.linux.NamedNamespaces;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.nftables.Nftables;
import io.netagent.model.NamespaceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * netagent's presence in one network namespace: the namespace's own thread and the rtnetlink
 * socket it opened there. Every request for the namespace goes through {@link #call}.
 */
final class NamespaceSession implements AutoCloseable {
  /** The namespace netagent runs in, as a file other threads can open (the main thread's). */
  static final Path SELF = Path.of("/proc/self/ns/net");

  final NamespaceRef ref;
  private final Path file;
  private final NamespaceThread thread;
  private final NetlinkSocket socket;
  private final long inode;
  /** Opened on first use, on this namespace's thread; null until then. */
  private Nftables nftables;
  private NetlinkSocket netfilter;
  /** The notifications of this namespace, while watched; null otherwise. */
  private Events events;

  private NamespaceSession(NamespaceRef ref, Path file, NamespaceThread thread, NetlinkSocket socket, long inode) {
    this.ref = ref;
    this.file = file;
    this.thread = thread;
    this.socket = socket;
    this.inode = inode;
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

  /** A session in the namespace, or empty when it does not exist; {@code host} is the host namespace's file. */
  static Optional<NamespaceSession> open(NamespaceRef ref, Path host) {
    Path file = fileOf(ref, host);
    if (!Files.exists(file) || ref instanceof NamespaceRef.Named && !NamedNamespaces.isBound(file)) {
      // A named namespace file with nothing bound on it (a creation cut short) is no namespace.
      return Optional.empty();
    }
    NamespaceThread thread = file.equals(SELF) ? NamespaceThread.host() : NamespaceThread.enter(ref.display(), file);
    try {
      NetlinkSocket socket = thread.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE));
      return Optional.of(new NamespaceSession(ref, file, thread, socket, thread.namespaceInode()));
    } catch (RuntimeException e) {
      thread.close();
      throw e;
    }
  }

  /**
   * True while the namespace's file still refers to the namespace this session is in. A named
   * namespace deleted and created again under the same name is another namespace; this
   * session's thread would keep the old one alive and show its stale state.
   */
  boolean isCurrent() {
    try {
      return NamespaceThread.inodeOfFile(file) == inode;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code task} on the namespace's thread with its socket. */
  <T> T call(Function<NetlinkSocket, T> task) {
    return thread.call(() -> task.apply(socket));
  }

  /**
   * The libnftables context of this namespace, opened on first use. Call only on the
   * namespace's thread (from inside {@link #call} or {@link #start}).
   */
  Nftables nftables() {
    if (nftables == null) {
      nftables = Nftables.open();
    }
    return nftables;
  }

  /** This namespace's NETLINK_NETFILTER socket, opened on first use. Call only on the namespace's thread. */
  NetlinkSocket netfilter() {
    if (netfilter == null) {
      netfilter = NetlinkSocket.open(Netlink.NETLINK_NETFILTER);
    }
    return netfilter;
  }

  /** Starts (or redirects) the notifications of this namespace to {@code listener}. */
  synchronized void watch(Consumer<KernelEvent> listener) {
    if (events == null) {
      events = new Events(ref, thread.call(Events::subscribe), listener);
    } else {
      events.listener(listener);
    }
  }

  /** Asks the notification reader to stop, without waiting; {@link #close} waits. */
  synchronized void stopEvents() {
    if (events != null) {
      events.stop();
    }
  }

  /** Stops the notifications of this namespace. */
  synchronized void unwatch() {
    if (events != null) {
      events.close();
      events = null;
    }
  }

  /** Starts {@code task} on the namespace's thread; {@link NamespaceThread#await} gives its result. */
  <T> Future<T> start(Function<NetlinkSocket, T> task) {
    return thread.start(() -> task.apply(socket));
  }

  /** Runs {@code task} on the namespace's thread (for /proc/sys, which follows the thread). */
  void run(Runnable task) {
    thread.call(() -> {
      task.run();
      return null;
    });
  }

  /** Writes a sysctl of this namespace; a refusal comes back as a SystemCallException with its errno. */
  void writeSysctl(String key, String value) {
    run(() -> ProcSys.write(key, value));
  }

  /**
   * Closes the socket and ends the thread, and waits for it: both hold a reference to the
   * namespace, which would otherwise outlive its deletion with everything in it.
   */
  @Override
  public void close() {
    unwatch();
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
