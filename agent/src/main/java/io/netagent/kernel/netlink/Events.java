package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.KernelEvent.Kind;
import io.netagent.linux.netlink.Attributes;
import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.NdMsg;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkOverrunException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.RtMsg;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rtnetlink notifications of one namespace (links, IPv4 addresses and routes, neighbours),
 * read on a thread of their own from a socket opened in the namespace, decoded and handed on.
 */
final class Events implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  private static final int[] GROUPS = {Rtnetlink.RTNLGRP_LINK, Rtnetlink.RTNLGRP_NEIGH, Rtnetlink.RTNLGRP_IPV4_IFADDR,
      Rtnetlink.RTNLGRP_IPV4_ROUTE};

  private final NamespaceRef ns;
  private final NetlinkSocket socket;
  private final Thread reader;
  private volatile Consumer<KernelEvent> listener;
  private volatile boolean stopped;

  /** Subscribes; {@code socket} was opened in the namespace (on its thread). */
  Events(NamespaceRef ns, NetlinkSocket socket, Consumer<KernelEvent> listener) {
    this.ns = ns;
    this.socket = socket;
    this.listener = listener;
    this.reader = new Thread(this::read, "events-" + ns.display());
    reader.setDaemon(true);
    reader.start();
  }

  /** A socket subscribed to the notifications netagent follows; open it on the namespace's thread. */
  static NetlinkSocket subscribe() {
    return NetlinkSocket.openSubscribed(Netlink.NETLINK_ROUTE, 1, GROUPS);
  }

  void listener(Consumer<KernelEvent> listener) {
    this.listener = listener;
  }

  private void read() {
    while (!stopped) {
      try {
        for (Message m : socket.receiveEvents()) {
          decode(ns, m).ifPresent(e -> listener.accept(e));
        }
      } catch (NetlinkOverrunException e) {
        listener.accept(KernelEvent.overrun(ns));
      } catch (RuntimeException e) {
        if (!stopped) {
          LOG.warn("events of namespace {}: {}; reading everything again", ns.display(), e.getMessage());
          listener.accept(KernelEvent.overrun(ns));
        }
      }
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
      case Rtnetlink.RTM_DELADDR:
        return Optional.of(new KernelEvent(ns, Kind.ADDRESS, IfAddrMsg.read(m.buffer()).index(), Optional.empty(), false, 0));
      case Rtnetlink.RTM_NEWROUTE:
      case Rtnetlink.RTM_DELROUTE: {
        RtMsg header = RtMsg.read(m.buffer());
        int oif = m.attributes(RtMsg.SIZE).u32(Rtnetlink.RTA_OIF).orElse(0);
        return Optional.of(new KernelEvent(ns, Kind.ROUTE, oif, Optional.empty(), false, header.protocol()));
      }
      case Rtnetlink.RTM_NEWNEIGH:
      case Rtnetlink.RTM_DELNEIGH: {
        NdMsg header = NdMsg.read(m.buffer());
        boolean permanent = (header.state() & (Rtnetlink.NUD_PERMANENT | Rtnetlink.NUD_NOARP)) != 0;
        Kind kind = header.family() == Rtnetlink.AF_BRIDGE ? Kind.FDB : Kind.NEIGHBOUR;
        return Optional.of(new KernelEvent(ns, kind, header.index(), Optional.empty(), permanent, 0));
      }
      default:
        return Optional.empty();
    }
  }

  /** Asks the reader to stop at its next receive timeout, without waiting. */
  void stop() {
    stopped = true;
  }

  /** Stops reading and closes the socket (which holds a reference to the namespace). */
  @Override
  public void close() {
    stop();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
  }
}
