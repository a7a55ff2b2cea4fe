package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelEvent.Kind;
import io.netagent.kernel.KernelEvent;
import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.NdMsg;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkOverrunException;
import io.netagent.linux.netlink.NetlinkPoller;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.RtMsg;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rtnetlink notifications (links, addresses and routes of both families, neighbours) of
 * every watched namespace, read by one thread that polls all their sockets, decoded and handed to
 * one listener. IPv6 proxy entries send none (docs/kernel-facts.md §11C).
 * Sockets are added and removed from any thread; only the reader closes them, so a socket is
 * never closed while the reader is polling it.
 */
final class Events implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  /** The IPv4 groups carry no IPv6 change: IPv6 addresses and routes have their own groups (docs/kernel-facts.md §11B). */
  private static final int[] HOST_GROUPS = {Rtnetlink.RTNLGRP_LINK, Rtnetlink.RTNLGRP_NEIGH, Rtnetlink.RTNLGRP_IPV4_IFADDR,
      Rtnetlink.RTNLGRP_IPV4_ROUTE, Rtnetlink.RTNLGRP_IPV6_IFADDR, Rtnetlink.RTNLGRP_IPV6_ROUTE};
  /**
   * Neighbours and FDB entries are read only in the host: a container's ARP and IPv6 neighbour
   * churn would only count as changes that are not.
   */
  private static final int[] CONTAINER_GROUPS = {Rtnetlink.RTNLGRP_LINK, Rtnetlink.RTNLGRP_IPV4_IFADDR, Rtnetlink.RTNLGRP_IPV4_ROUTE,
      Rtnetlink.RTNLGRP_IPV6_IFADDR, Rtnetlink.RTNLGRP_IPV6_ROUTE};
  private static final int NFNLGRP_NFTABLES = 7;
  private static final int POLL_MILLIS = 1_000;
  private static final int SYNC_SECONDS = 2;

  /**
   * A watched socket: whose it is, what it counts, whether its messages are rtnetlink ones to
   * pass on, and where to note the links they name (null: nowhere).
   */
  private record Watched(NamespaceRef ns, AtomicLong changes, boolean decode, ChangedLinks links) {}

  private final Map<NetlinkSocket, Watched> watched = new ConcurrentHashMap<>();
  private final Queue<CompletableFuture<Void>> syncs = new ConcurrentLinkedQueue<>();
  private final Queue<NetlinkSocket> toClose = new ConcurrentLinkedQueue<>();
  private final NetlinkPoller poller = new NetlinkPoller();
  private final Thread reader;
  private volatile Consumer<KernelEvent> listener;
  private volatile boolean stopped;

  Events(Consumer<KernelEvent> listener) {
    this.listener = listener;
    this.reader = new Thread(this::read, "netlink-events");
    reader.setDaemon(true);
    reader.start();
  }

  /** A socket subscribed to the host's nftables changes (NFNLGRP_NFTABLES); open it inside the namespace. */
  static NetlinkSocket subscribeNftables() {
    return NetlinkSocket.openSubscribed(Netlink.NETLINK_NETFILTER, NFNLGRP_NFTABLES);
  }

  /** A socket subscribed to the notifications netagent follows in the host namespace; open it there. */
  static NetlinkSocket subscribeHost() {
    return NetlinkSocket.openSubscribed(Netlink.NETLINK_ROUTE, HOST_GROUPS);
  }

  /** A socket subscribed to the notifications netagent follows in a container namespace; open it there. */
  static NetlinkSocket subscribeContainer() {
    return NetlinkSocket.openSubscribed(Netlink.NETLINK_ROUTE, CONTAINER_GROUPS);
  }

  void listener(Consumer<KernelEvent> listener) {
    this.listener = listener;
  }

  /**
   * Starts reading {@code socket}, subscribed in namespace {@code ns}: each datagram adds one to
   * {@code changes}; with {@code decode}, its rtnetlink messages also go to the listener and, if
   * {@code links} is not null, the links they name are noted there.
   */
  void add(NamespaceRef ns, NetlinkSocket socket, AtomicLong changes, boolean decode, ChangedLinks links) {
    watched.put(socket, new Watched(ns, changes, decode, links));
    poller.wakeUp();
  }

  /**
   * Returns once every notification queued when it was called has been read and counted. The
   * kernel queues the notifications of a change before it acknowledges the request, so after
   * this the counters show every change netagent's own operations made.
   *
   * @return false if the reader did not get there in time (then nothing may be assumed unchanged)
   */
  boolean sync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    syncs.add(done);
    poller.wakeUp();
    try {
      done.get(SYNC_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops reading {@code socket}; the reader closes it (and so releases its namespace) right away. */
  void remove(NetlinkSocket socket) {
    if (watched.remove(socket) != null) {
      toClose.add(socket);
      poller.wakeUp();
    }
  }

  private void read() {
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    while (!stopped) {
      closeRemoved();
      for (CompletableFuture<Void> s = syncs.poll(); s != null; s = syncs.poll()) {
        waiting.add(s);
      }
      List<NetlinkSocket> sockets = new ArrayList<>(watched.keySet());
      List<NetlinkSocket> ready = poller.ready(sockets, waiting.isEmpty() ? POLL_MILLIS : 0);
      for (NetlinkSocket socket : ready) {
        Watched w = watched.get(socket);
        if (w != null) {
          receive(w, socket);
        }
      }
      if (ready.isEmpty()) {
        // Nothing was queued on any socket after the waiting syncs were asked for: they are done.
        waiting.forEach(s -> s.complete(null));
        waiting.clear();
      }
    }
    waiting.forEach(s -> s.complete(null));
    closeRemoved();
    watched.keySet().forEach(NetlinkSocket::close);
    poller.close();
  }

  private void closeRemoved() {
    for (NetlinkSocket socket = toClose.poll(); socket != null; socket = toClose.poll()) {
      socket.close();
    }
  }

  private void receive(Watched w, NetlinkSocket socket) {
    NamespaceRef ns = w.ns();
    try {
      List<Message> messages = socket.receiveEvents();
      if (!messages.isEmpty()) {
        w.changes().incrementAndGet();
      }
      if (w.decode()) {
        for (Message m : messages) {
          Optional<KernelEvent> event = decode(ns, m);
          // Traffic on the bridge (learnt FDB entries, ARP) does not make its links be read again.
          if (w.links() != null && !event.map(KernelEvent::isDynamicEntry).orElse(false)) {
            w.links().add(event.map(KernelEvent::index).orElse(0));
          }
          event.ifPresent(e -> listener.accept(e));
        }
      }
    } catch (NetlinkOverrunException e) {
      lost(w);
      listener.accept(KernelEvent.overrun(ns));
    } catch (RuntimeException e) {
      lost(w);
      LOG.warn("events of namespace {}: {}; reading everything again", ns.display(), e.getMessage());
      listener.accept(KernelEvent.overrun(ns));
    }
  }

  /** Notifications of {@code w} may have been lost: anything may have changed. */
  private static void lost(Watched w) {
    w.changes().incrementAndGet();
    if (w.links() != null) {
      w.links().everything();
    }
  }

  /** The event a notification describes, or empty for kinds netagent does not follow. */
  static Optional<KernelEvent> decode(NamespaceRef ns, Message m) {
    switch (m.type()) {
      case Rtnetlink.RTM_NEWLINK:
      case Rtnetlink.RTM_DELLINK: {
        IfInfoMsg header = IfInfoMsg.read(m.buffer());
        Optional<InterfaceName> name = m.attributes(IfInfoMsg.SIZE).string(Rtnetlink.IFLA_IFNAME)
            .filter(n -> InterfaceName.problem(n) == null).map(InterfaceName::of);
        return Optional.of(new KernelEvent(ns, Kind.LINK, header.index(), name, false, 0));
      }
      case Rtnetlink.RTM_NEWADDR:
      case Rtnetlink.RTM_DELADDR: {
        IfAddrMsg header = IfAddrMsg.read(m.buffer());
        // The kernel's own link-local address comes and goes with every link (and changes again
        // when its DAD ends, docs/kernel-facts.md §11A); never observed, so never a reason to look.
        if (header.family() == Rtnetlink.AF_INET6 && header.scope() != Rtnetlink.RT_SCOPE_UNIVERSE) {
          return Optional.empty();
        }
        return Optional.of(new KernelEvent(ns, Kind.ADDRESS, header.index(), Optional.empty(), false, 0));
      }
      case Rtnetlink.RTM_NEWROUTE:
      case Rtnetlink.RTM_DELROUTE: {
        RtMsg header = RtMsg.read(m.buffer());
        int oif = m.attributes(RtMsg.SIZE).u32(Rtnetlink.RTA_OIF).orElse(0);
        return Optional.of(new KernelEvent(ns, Kind.ROUTE, oif, Optional.empty(), false, header.protocol()));
      }
      case Rtnetlink.RTM_NEWNEIGH:
      case Rtnetlink.RTM_DELNEIGH: {
        NdMsg header = NdMsg.read(m.buffer());
        // A deleted neighbour entry is reported in the state its deletion put it in first
        // (NUD_FAILED), whatever it was: a deletion may always have been of a permanent one.
        // NUD_NOARP marks a static FDB entry; on a neighbour entry it is one of the kernel's
        // multicast entries (IPv6 makes several on every link), never netagent's.
        Kind kind = header.family() == Rtnetlink.AF_BRIDGE ? Kind.FDB : Kind.NEIGHBOUR;
        int kept = kind == Kind.FDB ? Rtnetlink.NUD_PERMANENT | Rtnetlink.NUD_NOARP : Rtnetlink.NUD_PERMANENT;
        boolean permanent = (header.state() & kept) != 0 || m.type() == Rtnetlink.RTM_DELNEIGH;
        return Optional.of(new KernelEvent(ns, kind, header.index(), Optional.empty(), permanent, 0));
      }
      default:
        return Optional.empty();
    }
  }

  /** Stops reading, closes every socket and waits for the reader to end. */
  @Override
  public void close() {
    stopped = true;
    poller.wakeUp();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
