package io.netagent.kernel.netlink;

import io.netagent.kernel.netlink.Dumps.RawAddress;
import io.netagent.kernel.netlink.Dumps.RawFdb;
import io.netagent.kernel.netlink.Dumps.RawNeighbour;
import io.netagent.kernel.netlink.Dumps.RawProxy;
import io.netagent.kernel.netlink.Dumps.RawRoute;
import io.netagent.kernel.nft.NftListing;
import io.netagent.linux.Errno;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.observed.Link;
import io.netagent.observed.Listener;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.Ownership;
import io.netagent.observed.Sysctls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;

/**
 * What one namespace holds, read with one dump per object kind (or, for the host, read again
 * only where notifications said it changed): links, addresses, routes, neighbours, IPv6 proxy
 * entries, FDB entries, plus the id it gives the host namespace (to match veth peers) and the
 * sysctls netagent manages.
 */
record Snapshot(
    List<RawLink> links,
    List<RawAddress> addresses,
    List<RawRoute> routes,
    List<RawNeighbour> neighbours,
    List<RawProxy> proxies,
    List<RawFdb> fdb,
    Optional<Integer> hostNsid,
    Map<String, String> sysctls,
    Optional<NatRuleset> nat,
    Set<Listener> listeners) {

  /** A namespace with nothing read from it. */
  static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty(), Map.of(),
      Optional.empty(), Set.of());

  /**
   * Starts reading a container namespace on {@code pool}. It holds only links, addresses and
   * routes netagent cares about (neighbours, FDB entries, sysctls and the NAT table are the
   * host's), so only those are dumped; the id it gives the host is asked once per session.
   *
   * @param hostFile the host namespace's file (to learn the id the namespace gives the host)
   */
  static Future<Snapshot> startContainer(NamespaceSession session, Path hostFile, Executor pool) {
    return session.start(socket -> {
      List<RawLink> links = Dumps.links(socket);
      return new Snapshot(links, Dumps.addresses(socket, 0), Dumps.routes(socket, 0), List.of(), List.of(), List.of(),
          session.hostNsid(() -> hostNsid(socket, hostFile)), Map.of(), Optional.empty(), Set.of());
    }, pool);
  }

  /**
   * Starts reading the host namespace, on its own thread: everything, or with {@code since}
   * only what is on the links that changed since that earlier snapshot (one request per object
   * kind and link instead of a dump of each kind), the rest taken from it. The sysctls and the
   * IPv6 proxy entries are read every time: no notification tells of their changes (proxy
   * entries: docs/kernel-facts.md §11C).
   *
   * @param sameNat an earlier snapshot whose NAT table and listeners are known to be still true
   *     (nftables notifications showed no change); empty to read them
   */
  static Future<Snapshot> startHost(NamespaceSession session, Optional<Snapshot> sameNat, Optional<Since> since) {
    return session.start(socket -> {
      Snapshot read = since.isPresent() ? since.get().update(socket) : readHost(socket);
      return new Snapshot(read.links, read.addresses, read.routes, read.neighbours, Dumps.proxies(socket, 0), read.fdb, Optional.empty(),
          sysctls(read.links), sameNat.isPresent() ? sameNat.get().nat() : natTable(session),
          sameNat.isPresent() ? sameNat.get().listeners() : ProcNet.listeners());
    }, Runnable::run);
  }

  /**
   * Starts reading the host namespace for a teardown, on its own thread: only what a teardown
   * plan looks at, the links and routes (netagent's routes on links that stay) and the NAT table.
   * Addresses, neighbours and FDB entries netagent installs all live on its own links and go
   * with them; a teardown sets no sysctl and warns of no listener.
   */
  static Future<Snapshot> startHostForTeardown(NamespaceSession session) {
    return session.start(socket -> new Snapshot(Dumps.links(socket), List.of(), Dumps.routes(socket, 0), List.of(), List.of(), List.of(),
        Optional.empty(), Map.of(), natTable(session), Set.of()), Runnable::run);
  }

  /** An earlier host snapshot and the links that changed since its read began. */
  record Since(Snapshot previous, Set<Integer> changedLinks) {
    /** The links, addresses, routes, neighbours and FDB entries: those of the changed links read again, the others as before. */
    Snapshot update(NetlinkSocket socket) {
      List<RawLink> links = keep(previous.links, RawLink::index);
      List<RawAddress> addresses = keep(previous.addresses, RawAddress::index);
      List<RawRoute> routes = keep(previous.routes, RawRoute::index);
      List<RawNeighbour> neighbours = keep(previous.neighbours, RawNeighbour::index);
      List<RawFdb> fdb = keep(previous.fdb, RawFdb::index);
      for (int index : changedLinks) {
        try {
          Optional<RawLink> link = Dumps.link(socket, index);
          if (link.isPresent()) {
            List<RawAddress> linkAddresses = Dumps.addresses(socket, index);
            List<RawRoute> linkRoutes = Dumps.routes(socket, index);
            List<RawNeighbour> linkNeighbours = Dumps.neighbours(socket, index);
            List<RawFdb> linkFdb = Dumps.fdb(socket, index);
            links.add(link.get());
            addresses.addAll(linkAddresses);
            routes.addAll(linkRoutes);
            neighbours.addAll(linkNeighbours);
            fdb.addAll(linkFdb);
          }
        } catch (NetlinkException e) {
          // Filtered address and route dumps answer ENODEV for a link that went meanwhile: it is
          // gone, and the notification of its going counts for the next read.
          if (e.errno() != Errno.ENODEV) {
            throw e;
          }
        }
      }
      return new Snapshot(links, addresses, routes, neighbours, List.of(), fdb, Optional.empty(), Map.of(), Optional.empty(), Set.of());
    }

    private <T> List<T> keep(List<T> objects, ToIntFunction<T> index) {
      List<T> kept = new ArrayList<>(objects.size() + changedLinks.size());
      for (T object : objects) {
        if (!changedLinks.contains(index.applyAsInt(object))) {
          kept.add(object);
        }
      }
      return kept;
    }
  }

  private static Snapshot readHost(NetlinkSocket socket) {
    return new Snapshot(Dumps.links(socket), Dumps.addresses(socket, 0), Dumps.routes(socket, 0), Dumps.neighbours(socket, 0), List.of(),
        Dumps.fdb(socket, 0), Optional.empty(), Map.of(), Optional.empty(), Set.of());
  }

  /**
   * The sysctls netagent manages or looks at: ip_forward and IPv6 forwarding; of every bridge
   * route_localnet, disable_ipv6, accept_ra, proxy_ndp and proxy_delay; of every other link but
   * lo and netagent's own, accept_ra (switching IPv6 forwarding on makes a link with accept_ra=1
   * drop the default route it learnt, §11D). A link without IPv6 state (an MTU below 1280, §11A)
   * has no IPv6 files: those keys are left out.
   */
  private static Map<String, String> sysctls(List<RawLink> links) {
    Map<String, String> sysctls = new HashMap<>();
    List<String> keys = new ArrayList<>(List.of(Sysctls.IP_FORWARD, Sysctls.IPV6_FORWARDING));
    for (RawLink l : links) {
      if (l.kind().equals(Link.BRIDGE)) {
        keys.addAll(List.of(Sysctls.routeLocalnet(l.name()), Sysctls.disableIpv6(l.name()), Sysctls.acceptRa(l.name()),
            Sysctls.proxyNdp(l.name()), Sysctls.proxyDelay(l.name())));
      } else if (!l.name().value().equals(LOOPBACK) && !Ownership.ownsLink(l.group(), l.alias())) {
        keys.add(Sysctls.acceptRa(l.name()));
      }
    }
    keys.forEach(k -> ProcSys.read(k).ifPresent(v -> sysctls.put(k, v)));
    return sysctls;
  }

  private static final String LOOPBACK = "lo";

  /**
   * netagent's nftables tables as the kernel holds them, or empty when there are none: as netagent
   * last wrote it when no transaction was committed since (NftGeneration), else listed.
   */
  private static Optional<NatRuleset> natTable(NamespaceSession session) {
    Optional<Optional<NatRuleset>> written = session.natAsWritten();
    if (written.isPresent()) {
      return written.get();
    }
    return NftListing.read(session.nftables()::run);
  }

  /**
   * The id this namespace gives the host namespace (RTM_GETNSID). Asked after the link dump:
   * dumping a veth whose peer is in the host namespace assigns the id if it had none.
   */
  private static Optional<Integer> hostNsid(NetlinkSocket socket, Path hostFile) {
    int fd = Syscalls.openReadOnly(hostFile.toString());
    try {
      List<Message> replies = socket.call(Requests.getNsid(fd));
      return replies.stream().findFirst().flatMap(m -> m.attributes(4).u32(Rtnetlink.NETNSA_NSID)).filter(id -> id >= 0);
    } finally {
      Syscalls.close(fd);
    }
  }
}
