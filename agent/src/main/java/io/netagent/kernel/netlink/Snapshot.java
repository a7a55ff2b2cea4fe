package io.netagent.kernel.netlink;

import io.netagent.kernel.Listener;
import io.netagent.kernel.NatRuleset;
import io.netagent.kernel.Sysctls;
import io.netagent.kernel.nft.NftErrors;
import io.netagent.kernel.nft.NftListing;
import io.netagent.kernel.nft.NftRuleset;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.kernel.netlink.Dumps.RawAddress;
import io.netagent.kernel.netlink.Dumps.RawFdb;
import io.netagent.kernel.netlink.Dumps.RawNeighbour;
import io.netagent.kernel.netlink.Dumps.RawRoute;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * What one namespace holds, read on its own thread with one dump per object kind: links,
 * addresses, routes, neighbours, FDB entries, plus the id it gives the host namespace (to match
 * veth peers) and the sysctls netagent manages.
 */
record Snapshot(
    List<RawLink> links,
    List<RawAddress> addresses,
    List<RawRoute> routes,
    List<RawNeighbour> neighbours,
    List<RawFdb> fdb,
    Optional<Integer> hostNsid,
    Map<String, String> sysctls,
    Optional<NatRuleset> nat,
    Set<Listener> listeners) {

  /** A namespace with nothing read from it. */
  static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty(), Map.of(),
      Optional.empty(), Set.of());

  /**
   * Starts reading the namespace: the host on its own thread, a container namespace on
   * {@code pool}. A container namespace holds only links, addresses and routes netagent cares
   * about (neighbours, FDB entries, sysctls and the NAT table are the host's), so only those are
   * dumped there; the id it gives the host is asked once per session.
   *
   * @param hostFile for a container namespace, the host namespace's file (to learn the id it
   *     gives the host); empty for the host namespace itself
   * @param reuse for the host, an earlier snapshot whose NAT table and listeners are known to be
   *     still true (the NAT table's notifications showed no change); empty to read them
   */
  static Future<Snapshot> start(NamespaceSession session, Optional<Path> hostFile, Executor pool, Optional<Snapshot> reuse) {
    if (hostFile.isPresent()) {
      return session.start(socket -> {
        List<RawLink> links = Dumps.links(socket);
        return new Snapshot(links, Dumps.addresses(socket), Dumps.routes(socket), List.of(), List.of(),
            session.hostNsid(() -> hostNsid(socket, hostFile.get())), Map.of(), Optional.empty(), Set.of());
      }, pool);
    }
    return session.start(socket -> {
      List<RawLink> links = Dumps.links(socket);
      Map<String, String> sysctls = new HashMap<>();
      ProcSys.read(Sysctls.IP_FORWARD).ifPresent(v -> sysctls.put(Sysctls.IP_FORWARD, v));
      links.stream().filter(l -> l.kind().equals("bridge"))
          .forEach(l -> ProcSys.read(Sysctls.routeLocalnet(l.name())).ifPresent(v -> sysctls.put(Sysctls.routeLocalnet(l.name()), v)));
      return new Snapshot(links, Dumps.addresses(socket), Dumps.routes(socket), Dumps.neighbours(socket), Dumps.fdb(socket),
          Optional.empty(), sysctls, reuse.isPresent() ? reuse.get().nat() : natTable(session),
          reuse.isPresent() ? reuse.get().listeners() : ProcNet.listeners());
    }, pool);
  }

  /** netagent's nftables table as the kernel holds it, or empty when there is none. */
  private static Optional<NatRuleset> natTable(NamespaceSession session) {
    try {
      return Optional.of(NftListing.parse(session.nftables().run(NftRuleset.list())));
    } catch (NftablesException e) {
      if (NftErrors.isNoSuchTable(e.getMessage())) {
        return Optional.empty();
      }
      throw e;
    }
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
