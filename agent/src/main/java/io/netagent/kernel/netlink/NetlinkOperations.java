package io.netagent.kernel.netlink;

import io.netagent.kernel.nft.NftRuleset;
import io.netagent.linux.Errno;
import io.netagent.linux.NamedNamespaces;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Mtu;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.NatRuleset;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.OperationHandler;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.RemoveFdbEntry;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetAlias;
import io.netagent.operations.SetBridgePort;
import io.netagent.operations.SetGroup;
import io.netagent.operations.SetMac;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetMtu;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import io.netagent.operations.SetUp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out each operation with rtnetlink requests (and /proc/sys for sysctls) in the
 * namespace it belongs to. Refusals come back as {@link NetlinkException} or
 * {@link io.netagent.linux.SystemCallException}; {@link NetlinkKernel} turns them into kernel
 * errors naming the operation. It is handed the namespace sessions it acts in and the record of
 * the namespaces netagent created, which it keeps.
 */
final class NetlinkOperations implements OperationHandler {
  private static final Logger LOG = LoggerFactory.getLogger(NetlinkOperations.class);

  private final NamespaceSessions sessions;
  private final NamespaceOwnership ownership;

  NetlinkOperations(NamespaceSessions sessions, NamespaceOwnership ownership) {
    this.sessions = sessions;
    this.ownership = ownership;
  }

  private void ack(NamespaceRef ns, MessageBuilder request) {
    sessions.session(ns).call(s -> {
      s.ack(request);
      return null;
    });
  }

  /** The ifindex of a link, asked of the kernel; ENODEV when there is none. */
  private int index(NamespaceRef ns, InterfaceName name) {
    return sessions.session(ns).call(s -> {
      List<Message> replies = s.call(Requests.getLink(name));
      if (replies.isEmpty()) {
        throw new NetlinkException(Errno.ENODEV.number(), "");
      }
      return IfInfoMsg.read(replies.get(0).buffer()).index();
    });
  }

  /** Creates the namespace (recorded as netagent's before, so a crash never loses it) with its loopback up. */
  @Override
  public void createNamespace(CreateNamespace op) {
    String name = op.namespace().name();
    ownership.pending(name);
    NamedNamespaces.create(NamespaceRef.NETNS_DIR, name);
    try {
      ownership.created(name, NamespaceThread.inodeOfFile(op.namespace().path()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the namespace just created at " + op.namespace().path(), e);
    }
    ack(op.namespace(), Requests.setUp(InterfaceName.of("lo")));
  }

  @Override
  public void deleteNamespace(DeleteNamespace op) {
    sessions.forget(op.namespace());
    NamedNamespaces.delete(NamespaceRef.NETNS_DIR, op.namespace().name());
    ownership.forget(op.namespace().name());
  }

  /**
   * Creates the bridge, then makes its MTU stick and sets its alias. The kernel lowers a
   * bridge's MTU to its smallest port's unless the MTU was changed after creation
   * (br_mtu_auto_adjust, BROPT_MTU_SET_BY_USER: an MTU given at creation does not count; checked
   * on 6.18), so the bridge is created one off and then set to its MTU; should netagent die in
   * between, the next plan sees the MTU differ and sets it. The alias needs its own request: the
   * kernel ignores IFLA_IFALIAS in a create request; the link group given at creation marks the
   * bridge as netagent's meanwhile.
   */
  @Override
  public void createBridge(CreateBridge op) {
    // Refused before anything exists, with the kernel's own answer, rather than by the second
    // request after the bridge was made one off.
    if (op.mtu() < Mtu.MIN || op.mtu() > Mtu.MAX) {
      throw new NetlinkException(Errno.EINVAL.number(), op.mtu() < Mtu.MIN ? "mtu less than device minimum" : "mtu greater than device maximum");
    }
    int oneOff = op.mtu() > Mtu.MIN ? op.mtu() - 1 : op.mtu() + 1;
    ack(op.namespace(), Requests.createBridge(op.name(), op.mac(), oneOff, op.group()));
    try {
      ack(op.namespace(), Requests.setLink(op.name()).attrU32(Rtnetlink.IFLA_MTU, op.mtu()));
      if (!op.alias().isEmpty()) {
        ack(op.namespace(), Requests.setLink(op.name()).attrString(Rtnetlink.IFLA_IFALIAS, op.alias()));
      }
    } catch (NetlinkException e) {
      // One operation takes effect whole or not at all: take the half-made bridge back.
      ack(op.namespace(), Requests.deleteLink(op.name()));
      throw e;
    }
  }

  /** Creates the pair with the peer directly in its namespace, then sets the host end's alias (see createBridge). */
  @Override
  public void createVethPair(CreateVethPair op) {
    int fd = Syscalls.openReadOnly(sessions.fileOf(op.peerNamespace()).toString());
    try {
      ack(op.namespace(), Requests.createVeth(op.hostName(), op.hostMac(), op.peerName(), op.peerMac(), op.mtu(), op.group(), fd));
    } finally {
      Syscalls.close(fd);
    }
    if (!op.alias().isEmpty()) {
      ack(op.namespace(), Requests.setLink(op.hostName()).attrString(Rtnetlink.IFLA_IFALIAS, op.alias()));
    }
  }

  @Override
  public void deleteLink(DeleteLink op) {
    ack(op.namespace(), Requests.deleteLink(op.name()));
  }

  @Override
  public void deleteLinkGroup(DeleteLinkGroup op) {
    ack(op.namespace(), Requests.deleteLinkGroup(op.group()));
  }

  @Override
  public void setMtu(SetMtu op) {
    ack(op.namespace(), Requests.setLink(op.name()).attrU32(Rtnetlink.IFLA_MTU, op.mtu()));
  }

  @Override
  public void setMac(SetMac op) {
    ack(op.namespace(), Requests.setLink(op.name()).attr(Rtnetlink.IFLA_ADDRESS, op.mac().toBytes()));
  }

  @Override
  public void setAlias(SetAlias op) {
    ack(op.namespace(), Requests.setLink(op.name()).attrString(Rtnetlink.IFLA_IFALIAS, op.alias()));
  }

  @Override
  public void setGroup(SetGroup op) {
    ack(op.namespace(), Requests.setLink(op.name()).attrU32(Rtnetlink.IFLA_GROUP, op.group()));
  }

  @Override
  public void setUp(SetUp op) {
    ack(op.namespace(), Requests.setUp(op.name()));
  }

  /**
   * The bridge's ifindex is looked up first: given an index that does not exist, the kernel
   * detaches the port from its old bridge and only then answers EINVAL (do_set_master).
   */
  @Override
  public void setMaster(SetMaster op) {
    int master = index(op.namespace(), op.master());
    ack(op.namespace(), Requests.setLink(op.name()).attrU32(Rtnetlink.IFLA_MASTER, master));
  }

  @Override
  public void setBridgePort(SetBridgePort op) {
    ack(op.namespace(), Requests.setBridgePort(op.name(), op.options().proxyArp(), op.options().hairpin()));
  }

  @Override
  public void addAddress(AddAddress op) {
    int index = index(op.namespace(), op.address().link());
    ack(op.namespace(), Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index, op.address().cidr()));
  }

  @Override
  public void removeAddress(RemoveAddress op) {
    int index = index(op.namespace(), op.address().link());
    ack(op.namespace(), Requests.address(Rtnetlink.RTM_DELADDR, 0, index, op.address().cidr()));
  }

  @Override
  public void addRoute(AddRoute op) {
    int index = index(op.namespace(), op.route().link());
    ack(op.namespace(), Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, index, op.route()));
  }

  @Override
  public void removeRoute(RemoveRoute op) {
    int index = index(op.namespace(), op.route().link());
    ack(op.namespace(), Requests.route(Rtnetlink.RTM_DELROUTE, 0, index, op.route()));
  }

  @Override
  public void setNeighbour(SetNeighbour op) {
    int index = index(op.namespace(), op.neighbour().link());
    ack(op.namespace(), Requests.setNeighbour(index, op.neighbour().ip(), op.neighbour().mac()));
  }

  @Override
  public void removeNeighbour(RemoveNeighbour op) {
    int index = index(op.namespace(), op.neighbour().link());
    ack(op.namespace(), Requests.deleteNeighbour(index, op.neighbour().ip()));
  }

  @Override
  public void addProxyNeighbour(AddProxyNeighbour op) {
    int index = index(op.namespace(), op.proxy().link());
    ack(op.namespace(), Requests.proxy(false, index, op.proxy().ip()));
  }

  @Override
  public void removeProxyNeighbour(RemoveProxyNeighbour op) {
    int index = index(op.namespace(), op.proxy().link());
    ack(op.namespace(), Requests.proxy(true, index, op.proxy().ip()));
  }

  @Override
  public void addFdbEntry(AddFdbEntry op) {
    int index = index(op.namespace(), op.entry().device());
    ack(op.namespace(), Requests.fdb(false, index, op.entry()));
  }

  @Override
  public void removeFdbEntry(RemoveFdbEntry op) {
    int index = index(op.namespace(), op.entry().device());
    ack(op.namespace(), Requests.fdb(true, index, op.entry()));
  }

  @Override
  public void setSysctl(SetSysctl op) {
    sessions.session(op.namespace()).writeSysctl(op.key(), op.value());
  }

  /** One libnftables transaction: the old table or the new one, never half of either; then the stale flows go. */
  @Override
  public void replaceNatTable(ReplaceNatTable op) {
    NamespaceSession host = sessions.session(op.namespace());
    String transaction = op.mapsOnly().map(before -> NftRuleset.updateMaps(before, op.ruleset())).orElseGet(() -> NftRuleset.replace(op.ruleset()));
    write(host, transaction, Optional.of(op.ruleset()));
    deleteFlows(host, op.staleFlows(), op.staleFlows6());
  }

  @Override
  public void deleteNatTable(DeleteNatTable op) {
    NamespaceSession host = sessions.session(op.namespace());
    write(host, NftRuleset.delete(), Optional.empty());
    deleteFlows(host, op.staleFlows(), op.staleFlows6());
  }

  /** Runs one nftables transaction that leaves {@code table}, and has the session remember it when that is certain. */
  private static void write(NamespaceSession host, String transaction, Optional<NatRuleset> table) {
    host.call(s -> {
      host.wroteNat(Optional.empty());
      host.wroteNat(NftGeneration.around(host.netfilter(), () -> host.nftables().run(transaction), table));
      return null;
    });
  }

  private static final int PORTS_LOGGED = 8;

  private static void deleteFlows(NamespaceSession host, List<PortMapping> stale, List<Ipv6PortMapping> stale6) {
    if (stale.isEmpty() && stale6.isEmpty()) {
      return;
    }
    int deleted = host.call(s -> ConntrackFlows.delete(host.netfilter(), s, stale, stale6));
    List<String> keys = Stream.concat(stale.stream().map(m -> m.key().toString()), stale6.stream().map(m -> m.key() + " (IPv6)")).toList();
    String ports = keys.stream().limit(PORTS_LOGGED).collect(Collectors.joining(", "))
        + (keys.size() > PORTS_LOGGED ? " and " + (keys.size() - PORTS_LOGGED) + " more" : "");
    LOG.info("deleted {} conntrack entr{} of {} published port(s): {}", deleted, deleted == 1 ? "y" : "ies", keys.size(), ports);
  }
}
