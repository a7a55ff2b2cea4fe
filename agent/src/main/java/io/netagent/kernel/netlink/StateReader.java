package io.netagent.kernel.netlink;

import io.netagent.kernel.Scope;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceId;
import io.netagent.observed.ObservedState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading side of the real kernel: one function per {@link Scope.Extent}. Namespaces are
 * read in parallel, the host on its own thread and container namespaces on a small pool; each
 * snapshot read whole is remembered by its session with the mark taken before its read began, so
 * that a later incremental read can tell what changed since.
 */
final class StateReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StateReader.class);

  private final NamespaceSessions sessions;
  private final NamespaceOwnership ownership;
  /** Reads namespaces in parallel; dumps spend their time in the kernel, so a few threads beyond the cores still help. */
  private final ExecutorService readers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
    Thread t = new Thread(r, "netlink-reader");
    t.setDaemon(true);
    return t;
  });

  StateReader(NamespaceSessions sessions, NamespaceOwnership ownership) {
    this.sessions = sessions;
    this.ownership = ownership;
  }

  ObservedState read(Scope scope) {
    return switch (scope.extent()) {
      case WHOLE -> whole(scope.namespaces());
      case CHANGES -> changes(scope.namespaces());
      case TEARDOWN -> teardown(scope.namespaces());
    };
  }

  /** Reads the host, {@code requested} and the namespaces netagent created, all of each, afresh. */
  private ObservedState whole(Set<NamespaceRef> requested) {
    Set<NamespaceRef> owned = ownership.owned();
    return read(owned, reading -> {
      for (NamespaceRef ns : visible(requested, owned)) {
        sessions.existing(ns).ifPresent(s -> reading.start(s, s.mark(), ns instanceof NamespaceRef.Host
            ? Snapshot.startHost(s, Optional.empty(), Optional.empty())
            : startContainer(s)));
      }
    });
  }

  /**
   * Reads again only what changed since the last read, as far as the notifications tell: a
   * container namespace without a notification since is not read again, in the host only what
   * is on the links notifications named, and the host's NAT table and listeners are not read
   * without an nftables notification. Before anything is assumed unchanged, the notification
   * reader catches up with everything the kernel queued.
   */
  private ObservedState changes(Set<NamespaceRef> requested) {
    long begin = System.nanoTime();
    boolean synced = sessions.sync();
    LOG.debug("notifications caught up in {} µs", (System.nanoTime() - begin) / 1_000);
    Set<NamespaceRef> owned = ownership.owned();
    return read(owned, reading -> {
      for (NamespaceRef ns : visible(requested, owned)) {
        Optional<NamespaceSession> session = sessions.existing(ns);
        if (session.isEmpty()) {
          continue;
        }
        NamespaceSession s = session.get();
        NamespaceSession.Mark mark = s.mark();
        Optional<NamespaceSession.Remembered> before = synced ? s.followedUntil(mark) : Optional.empty();
        if (ns instanceof NamespaceRef.Host) {
          Optional<Snapshot> sameNat = before.filter(r -> r.natUnchangedAt(mark)).map(NamespaceSession.Remembered::snapshot);
          Optional<Snapshot.Since> since = before.flatMap(r -> mark.changedLinks().map(links -> new Snapshot.Since(r.snapshot(), links)));
          reading.start(s, mark, Snapshot.startHost(s, sameNat, since));
        } else if (before.isPresent() && before.get().unchangedAt(mark)) {
          reading.reuse(s, before.get().snapshot());
        } else {
          reading.start(s, mark, startContainer(s));
        }
      }
    });
  }

  /**
   * Reads the host as far as a teardown looks at it and the declared namespaces netagent did not
   * create; the ones it created are only checked to exist (shown empty: deleting one removes
   * everything in it).
   */
  private ObservedState teardown(Set<NamespaceRef> requested) {
    Set<NamespaceRef> created = ownership.owned();
    Set<NamespaceRef> toRead = visible(requested, Set.of());
    toRead.removeAll(created);
    return read(created, reading -> {
      for (NamespaceRef ns : created) {
        if (sessions.exists(ns)) {
          reading.reuse(ns, Snapshot.EMPTY);
        }
      }
      for (NamespaceRef ns : toRead) {
        Optional<NamespaceSession> session = sessions.existing(ns);
        if (session.isEmpty()) {
          continue;
        }
        NamespaceSession s = session.get();
        if (ns instanceof NamespaceRef.Host) {
          // Not a whole read: not remembered, and what was remembered is not true after it.
          s.forgetSnapshot();
          reading.startUnremembered(s, Snapshot.startHostForTeardown(s));
        } else {
          reading.start(s, s.mark(), startContainer(s));
        }
      }
    });
  }

  /**
   * Runs one observation: {@code start} starts reading each namespace, then every snapshot is
   * awaited. A refusal from below comes back as the kernel error of "observe"; after any failure
   * the sessions whose marks were taken forget their snapshots, since those marks may have been
   * the only record of what changed.
   *
   * @param owned the namespaces netagent created; those found are shown as its own
   */
  private static ObservedState read(Set<NamespaceRef> owned, Consumer<Reading> start) {
    Reading reading = new Reading(owned);
    boolean done = false;
    try {
      start.accept(reading);
      ObservedState observed = reading.finish();
      done = true;
      return observed;
    } catch (NetlinkException | SystemCallException | NftablesException e) {
      throw KernelErrors.refused("observe", e);
    } finally {
      if (!done) {
        reading.abandon();
      }
    }
  }

  /** Starts reading a container namespace on the pool. */
  private Future<Snapshot> startContainer(NamespaceSession session) {
    return Snapshot.startContainer(session, sessions.fileOf(NamespaceRef.HOST), readers);
  }

  /** The host, {@code requested} and {@code owned}, in order. */
  private static Set<NamespaceRef> visible(Set<NamespaceRef> requested, Set<NamespaceRef> owned) {
    Set<NamespaceRef> visible = new TreeSet<>(requested);
    visible.add(NamespaceRef.HOST);
    visible.addAll(owned);
    return visible;
  }

  @Override
  public void close() {
    readers.shutdown();
  }

  /**
   * One observation under way: the snapshots started, each with the session and mark to remember
   * it by, and those taken as they are.
   */
  private static final class Reading {
    private final Set<NamespaceRef> owned;
    private final Map<NamespaceRef, Future<Snapshot>> pending = new HashMap<>();
    private final Map<NamespaceRef, NamespaceSession> remembering = new HashMap<>();
    private final Map<NamespaceRef, NamespaceSession.Mark> marks = new HashMap<>();
    private final Map<NamespaceRef, Snapshot> snapshots = new HashMap<>();
    private final Map<NamespaceRef, NamespaceId> identities = new HashMap<>();
    private final long started = System.nanoTime();

    Reading(Set<NamespaceRef> owned) {
      this.owned = owned;
    }

    /** A snapshot being read whole, to be remembered by {@code session} with {@code mark}. */
    void start(NamespaceSession session, NamespaceSession.Mark mark, Future<Snapshot> snapshot) {
      identities.put(session.ref, session.id);
      pending.put(session.ref, snapshot);
      remembering.put(session.ref, session);
      marks.put(session.ref, mark);
    }

    /** A snapshot being read that is not whole, and so not to be remembered. */
    void startUnremembered(NamespaceSession session, Future<Snapshot> snapshot) {
      identities.put(session.ref, session.id);
      pending.put(session.ref, snapshot);
    }

    /** A snapshot taken as it is, unread. */
    void reuse(NamespaceRef ns, Snapshot snapshot) {
      snapshots.put(ns, snapshot);
    }

    /** The session's last snapshot, taken as it is, unread. */
    void reuse(NamespaceSession session, Snapshot snapshot) {
      identities.put(session.ref, session.id);
      reuse(session.ref, snapshot);
    }

    /**
     * Waits for every snapshot, has the sessions remember theirs, and puts the observed state
     * together. A container namespace whose session was closed under the read (it went away) is
     * shown as absent, as it would have been had the read begun a moment later.
     */
    ObservedState finish() {
      pending.forEach((ns, f) -> {
        Snapshot snapshot;
        try {
          snapshot = NamespaceThread.await(f);
        } catch (NamespaceGoneException e) {
          if (ns instanceof NamespaceRef.Host) {
            throw e;
          }
          LOG.debug("namespace {} went away while it was read; shown as absent", ns.display());
          return;
        }
        snapshots.put(ns, snapshot);
        Optional.ofNullable(remembering.get(ns)).ifPresent(s -> s.remember(snapshot, marks.get(ns)));
      });
      LOG.debug("read {} namespace(s) again (host: {}) in {} µs", pending.size(), hostRead(), (System.nanoTime() - started) / 1_000);
      Set<NamespaceRef> shownOwned = new TreeSet<>(owned);
      shownOwned.retainAll(snapshots.keySet());
      Snapshot host = snapshots.get(NamespaceRef.HOST);
      long assembling = System.nanoTime();
      identities.keySet().retainAll(snapshots.keySet());
      ObservedState observed = new ObservedState(new StateAssembler(snapshots).states(), shownOwned, host.nat(), host.listeners(), identities);
      LOG.debug("assembled {} namespace(s) in {} µs", snapshots.size(), (System.nanoTime() - assembling) / 1_000);
      return observed;
    }

    /** Has every session whose mark was taken read everything next time. */
    void abandon() {
      remembering.values().forEach(NamespaceSession::forgetSnapshot);
    }

    private String hostRead() {
      if (!marks.containsKey(NamespaceRef.HOST)) {
        return "what a teardown needs";
      }
      return marks.get(NamespaceRef.HOST).changedLinks().map(l -> l.size() + " changed link(s)").orElse("whole");
    }
  }
}
