package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.observed.ObservedState;
import io.netagent.kernel.nft.NftErrors;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.NamespaceVisitor;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Operation;
import io.netagent.operations.ReplaceNatTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real kernel: rtnetlink (and /proc/sys) in the namespace netagent runs in and in each
 * container namespace, each through a socket opened there. Namespaces are read in parallel on a
 * small pool; notifications of all watched namespaces are read by one thread. No {@code ip}
 * process is run.
 *
 * <p>Not for concurrent use: one reconcile at a time.
 */
public final class NetlinkKernel implements Kernel {
  private static final Logger LOG = LoggerFactory.getLogger(NetlinkKernel.class);
  /**
   * Where netagent keeps what the kernel cannot tell it (the namespaces it created) and its
   * lock: {@code $NETAGENT_STATE_DIR}, by default /run/netagent.
   */
  public static final Path STATE_DIR = Path.of(System.getenv().getOrDefault("NETAGENT_STATE_DIR", "/run/netagent"));

  private final Map<NamespaceRef, NamespaceSession> sessions = new ConcurrentHashMap<>();
  private final NamespaceOwnership ownership;
  private final NetlinkOperations operations = new NetlinkOperations(this);
  private final NamespaceVisitor visitor = new NamespaceVisitor();
  /** Reads namespaces in parallel; dumps spend their time in the kernel, so a few threads beyond the cores still help. */
  private final ExecutorService readers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
    Thread t = new Thread(r, "netlink-reader");
    t.setDaemon(true);
    return t;
  });
  /** The notification reader, from the first {@link #watch} on; null until then. */
  private Events events;

  private final Path host;

  private NetlinkKernel(Path stateDir, Path host, long hostInode) {
    this.host = host;
    this.ownership = new NamespaceOwnership(stateDir, hostInode);
  }

  /**
   * Opens the kernel as seen from the namespace this process runs in.
   *
   * @param stateDir where the record of created namespaces is kept
   */
  public static NetlinkKernel open(Path stateDir) {
    return open(stateDir, NamespaceSession.SELF);
  }

  /**
   * Opens the kernel with another namespace as its host: the one {@code host} refers to (such as
   * {@code /run/netns/NAME}), where bridges, host ends and the NAT table live.
   */
  public static NetlinkKernel open(Path stateDir, Path host) {
    try {
      NetlinkKernel kernel = new NetlinkKernel(stateDir, host, NamespaceThread.inodeOfFile(host));
      kernel.session(NamespaceRef.HOST);
      return kernel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host namespace " + host, e);
    }
  }

  /** The file of the namespace this kernel calls host. */
  Path hostFile() {
    return host;
  }

  @Override
  public ObservedState observe(Set<NamespaceRef> requested) {
    return read(requested, false);
  }

  /**
   * Reads again only what changed since the last read, as far as the notifications tell: a
   * container namespace without a notification since is not read again, in the host only what
   * is on the links notifications named, and the host's NAT table and listeners are not read
   * without an nftables notification. Before anything is assumed unchanged, the notification
   * reader catches up with everything the kernel queued.
   */
  @Override
  public synchronized ObservedState observeChanges(Set<NamespaceRef> requested) {
    long begin = System.nanoTime();
    boolean synced = events != null && events.sync();
    LOG.debug("notifications caught up in {} µs", (System.nanoTime() - begin) / 1_000);
    return read(requested, synced);
  }

  /** Reads the host and the declared namespaces netagent did not create; the ones it created are only checked to exist. */
  @Override
  public ObservedState observeForTeardown(Set<NamespaceRef> requested) {
    Set<NamespaceRef> owned = ownership.owned();
    Set<NamespaceRef> read = new TreeSet<>(requested);
    read.removeAll(owned);
    Map<NamespaceRef, Snapshot> empty = new HashMap<>();
    for (NamespaceRef ns : owned) {
      if (NamespaceSession.exists(ns, host)) {
        empty.put(ns, Snapshot.EMPTY);
      }
    }
    return read(read, Read.TEARDOWN, Set.of(), empty);
  }

  /** How much of the host to read. */
  private enum Read {
    /** Everything. */
    WHOLE,
    /** What changed since the last read, as the notifications tell. */
    CHANGES,
    /** What a teardown plan looks at ({@link Snapshot#startHostForTeardown}). */
    TEARDOWN
  }

  private ObservedState read(Set<NamespaceRef> requested, boolean incremental) {
    return read(requested, incremental ? Read.CHANGES : Read.WHOLE, ownership.owned(), Map.of());
  }

  /**
   * Reads the host, {@code requested} and {@code owned} (the namespaces netagent created) that
   * exist; {@code given} are taken as they are, unread.
   */
  private ObservedState read(Set<NamespaceRef> requested, Read how, Set<NamespaceRef> ownedToRead, Map<NamespaceRef, Snapshot> given) {
    boolean incremental = how == Read.CHANGES;
    Set<NamespaceRef> owned = new TreeSet<>(ownedToRead);
    owned.addAll(given.keySet());
    Set<NamespaceRef> visible = new TreeSet<>(requested);
    visible.add(NamespaceRef.HOST);
    visible.addAll(ownedToRead);
    Map<NamespaceRef, Future<Snapshot>> pending = new HashMap<>();
    Map<NamespaceRef, NamespaceSession.Mark> marks = new HashMap<>();
    Map<NamespaceRef, Snapshot> snapshots = new HashMap<>(given);
    boolean done = false;
    long started = System.nanoTime();
    try {
      for (NamespaceRef ns : visible) {
        Optional<NamespaceSession> session = existingSession(ns);
        if (session.isEmpty()) {
          continue;
        }
        NamespaceSession s = session.get();
        NamespaceSession.Mark mark = s.mark();
        Optional<NamespaceSession.Remembered> before = incremental ? s.followedUntil(mark) : Optional.empty();
        if (ns instanceof NamespaceRef.Host && how == Read.TEARDOWN) {
          // Not a whole read: not remembered (no mark), and what was remembered is not true after it.
          s.forgetSnapshot();
          pending.put(ns, Snapshot.startHostForTeardown(s));
          continue;
        } else if (ns instanceof NamespaceRef.Host) {
          Optional<Snapshot> sameNat = before.filter(r -> r.natUnchangedAt(mark)).map(NamespaceSession.Remembered::snapshot);
          Optional<Snapshot.Since> since = before.flatMap(r -> mark.changedLinks().map(links -> new Snapshot.Since(r.snapshot(), links)));
          pending.put(ns, Snapshot.startHost(s, sameNat, since));
        } else if (before.isPresent() && before.get().unchangedAt(mark)) {
          snapshots.put(ns, before.get().snapshot());
          continue;
        } else {
          pending.put(ns, Snapshot.startContainer(s, host, readers));
        }
        marks.put(ns, mark);
      }
      pending.forEach((ns, f) -> {
        Snapshot snapshot = NamespaceThread.await(f);
        snapshots.put(ns, snapshot);
        Optional.ofNullable(marks.get(ns)).ifPresent(mark -> sessions.get(ns).remember(snapshot, mark));
      });
      done = true;
      LOG.debug("read {} namespace(s) again (host: {}) in {} µs", pending.size(),
          how == Read.TEARDOWN ? "what a teardown needs" : Optional.ofNullable(marks.get(NamespaceRef.HOST))
              .flatMap(NamespaceSession.Mark::changedLinks).map(l -> l.size() + " changed link(s)").orElse("whole"), (System.nanoTime() - started) / 1_000);
    } catch (NetlinkException | SystemCallException | NftablesException e) {
      throw refused("observe", e);
    } finally {
      if (!done) {
        // The marks taken may have been the only record of what changed: read everything next time.
        marks.keySet().forEach(ns -> Optional.ofNullable(sessions.get(ns)).ifPresent(NamespaceSession::forgetSnapshot));
      }
    }
    owned.retainAll(snapshots.keySet());
    Snapshot host = snapshots.get(NamespaceRef.HOST);
    long assembling = System.nanoTime();
    ObservedState observed = new ObservedState(new StateAssembler(snapshots).states(), owned, host.nat(), host.listeners());
    LOG.debug("assembled {} namespace(s) in {} µs", snapshots.size(), (System.nanoTime() - assembling) / 1_000);
    return observed;
  }

  @Override
  public void apply(Operation operation) {
    // What an operation changes in a container namespace or the NAT table is read again by the
    // next observeChanges, whether or not a notification tells of it. In the host, its
    // notifications name the links to read again (and sysctls are read every time).
    NamespaceSession session = sessions.get(operation.namespace());
    if (session != null) {
      session.changes.incrementAndGet();
      if (operation instanceof ReplaceNatTable || operation instanceof DeleteNatTable) {
        session.natChanges.incrementAndGet();
      }
    }
    try {
      operation.applyTo(operations);
    } catch (NetlinkException | SystemCallException | NftablesException e) {
      throw refused(operation.command(), e);
    }
  }

  /** A refusal from below (netlink, a system call, libnftables) as the kernel error of {@code what}. */
  private static KernelException refused(String what, RuntimeException e) {
    if (e instanceof NetlinkException n) {
      return new KernelException(what, n.errno(), n.kernelMessage());
    }
    if (e instanceof SystemCallException s) {
      return new KernelException(what, s.errno(), s.getMessage());
    }
    return new KernelException(what, NftErrors.errno(e.getMessage()), e.getMessage());
  }

  /**
   * Watches the namespaces that exist of {@code namespaces} and the host; stops watching the
   * others. A namespace that appears later is watched from the next call on.
   */
  @Override
  public synchronized void watch(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener) {
    if (events == null) {
      events = new Events(listener);
    } else {
      events.listener(listener);
    }
    Set<NamespaceRef> wanted = new TreeSet<>(namespaces);
    wanted.add(NamespaceRef.HOST);
    for (NamespaceRef ns : wanted) {
      existingSession(ns).ifPresent(s -> s.watch(events));
    }
    sessions.forEach((ns, s) -> {
      if (!wanted.contains(ns)) {
        s.unwatch(events);
      }
    });
  }

  @Override
  public String description() {
    return "live kernel";
  }

  /** The session of a namespace that must exist; ENOENT when it does not. */
  NamespaceSession session(NamespaceRef ns) {
    return existingSession(ns).orElseThrow(() -> new SystemCallException("open", io.netagent.linux.Errno.ENOENT,
        "namespace " + ns.display() + " (" + NamespaceSession.fileOf(ns, host) + ")"));
  }

  /** The session of a namespace, opened on first use and again when the namespace was re-created; empty if it does not exist. */
  private Optional<NamespaceSession> existingSession(NamespaceRef ns) {
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

  NamespaceOwnership ownership() {
    return ownership;
  }

  /** Releases every namespace. */
  @Override
  public synchronized void close() {
    if (events != null) {
      events.close();
      events = null;
    }
    for (NamespaceRef ns : Set.copyOf(sessions.keySet())) {
      forget(ns);
    }
    readers.shutdown();
    visitor.close();
  }
}
