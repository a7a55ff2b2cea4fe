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

  /**
   * Starts reading the namespace on its own thread.
   *
   * @param hostFile for a container namespace, the host namespace's file (to learn the id it
   *     gives the host); empty for the host namespace itself
   */
  static Future<Snapshot> start(NamespaceSession session, Optional<Path> hostFile) {
    boolean host = hostFile.isEmpty();
    return session.start(socket -> {
      List<RawLink> links = Dumps.links(socket);
      Map<String, String> sysctls = new HashMap<>();
      ProcSys.read(Sysctls.IP_FORWARD).ifPresent(v -> sysctls.put(Sysctls.IP_FORWARD, v));
      links.stream().filter(l -> l.kind().equals("bridge"))
          .forEach(l -> ProcSys.read(Sysctls.routeLocalnet(l.name())).ifPresent(v -> sysctls.put(Sysctls.routeLocalnet(l.name()), v)));
      return new Snapshot(links, Dumps.addresses(socket), Dumps.routes(socket), Dumps.neighbours(socket), Dumps.fdb(socket),
          hostFile.flatMap(file -> hostNsid(socket, file)), sysctls, host ? natTable(session) : Optional.empty(),
          host ? ProcNet.listeners() : Set.of());
    });
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
