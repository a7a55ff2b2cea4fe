package io.netagent.plan;

import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.model.VethEndpoint;
import io.netagent.observed.BridgePort;
import io.netagent.observed.Link;
import io.netagent.observed.LinkRef;
import io.netagent.observed.Ownership;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.SetAlias;
import io.netagent.operations.SetBridgePort;
import io.netagent.operations.SetGroup;
import io.netagent.operations.SetMac;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetMtu;
import io.netagent.operations.SetUp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Plans bridges and veth pairs in two passes. First every owned link in the host namespace is
 * kept (it is a declared object with the right identity: kind, and for a veth its peer) or
 * deleted. Then each declared link is created, or its fields are brought in line.
 */
final class LinkPlanner {
  private static final NamespaceRef HOST = NamespaceRef.HOST;

  private final PlanContext ctx;
  private final Map<InterfaceName, Network> bridges = new HashMap<>();
  private final Map<InterfaceName, Container> veths = new HashMap<>();

  private LinkPlanner(PlanContext ctx) {
    this.ctx = ctx;
    ctx.desired.networks().forEach(n -> bridges.put(n.bridge().name(), n));
    ctx.desired.containers().forEach(c -> veths.put(c.veth().host().name(), c));
  }

  static void plan(PlanContext ctx) {
    LinkPlanner planner = new LinkPlanner(ctx);
    planner.deleteWhatCannotStay();
    ctx.desired.networks().forEach(planner::planBridge);
    ctx.desired.containers().forEach(planner::planVeth);
  }

  private void deleteWhatCannotStay() {
    for (Link link : ctx.state(HOST).links()) {
      if (!link.isOwned()) {
        continue;
      }
      Network network = bridges.get(link.name());
      Container container = veths.get(link.name());
      if (network != null) {
        if (!link.isBridge()) {
          ctx.deleteLink(Owner.network(network.name()), HOST, link, Reason.differs("kind", kindName(link), Link.BRIDGE));
        }
      } else if (container != null) {
        Owner owner = Owner.container(container.name());
        LinkRef wanted = containerEnd(container);
        if (ctx.isAbsent(container.name())) {
          // Its peer lives on in a namespace no path leads to any more: withdrawn from the bridge.
          ctx.deleteLink(owner, HOST, link, new Reason.Withdrawn(ctx.absenceOf(container.name())));
        } else if (!link.isVeth()) {
          ctx.deleteLink(owner, HOST, link, Reason.differs("kind", kindName(link), Link.VETH));
        } else if (!link.peer().equals(Optional.of(wanted))) {
          ctx.deleteLink(owner, HOST, link, Reason.differs("peer", link.peer().map(LinkRef::toString).orElse("unknown"), wanted));
        }
      } else {
        ctx.deleteLink(Owner.UNDECLARED, HOST, link, Reason.UNDECLARED);
      }
    }
  }

  private void planBridge(Network network) {
    Bridge bridge = network.bridge();
    Owner owner = Owner.network(network.name());
    String alias = Ownership.bridgeAlias(network.name());
    Optional<Link> existing = ctx.liveLink(HOST, bridge.name());
    if (existing.isEmpty() && takenAsAltName(owner, HOST, bridge.name())) {
      ctx.blockNetwork(network.name());
      return;
    }
    if (existing.isEmpty()) {
      Reason reason = ctx.state(HOST).link(bridge.name()).isPresent() ? recreated(bridge.name()) : Reason.MISSING;
      ctx.add(owner, new CreateBridge(bridge.name(), bridge.mac(), bridge.mtu(), Ownership.LINK_GROUP, alias, reason));
      ctx.add(owner, new SetUp(HOST, bridge.name(), Reason.differs("state", "down", "up")));
      return;
    }
    Link link = existing.get();
    if (!link.isOwned()) {
      ctx.conflict(owner, HOST, "link " + link.name(), notOurs(link));
      ctx.blockNetwork(network.name());
      return;
    }
    planCommonFields(owner, HOST, link, bridge.mtu(), bridge.mac(), Optional.of(alias));
  }

  private void planVeth(Container container) {
    if (ctx.isBlocked(container)) {
      return;
    }
    VethEndpoint hostEnd = container.veth().host();
    VethEndpoint ctrEnd = container.veth().container();
    NamespaceRef ns = container.namespace();
    Owner owner = Owner.container(container.name());
    String alias = Ownership.vethAlias(container.network(), container.name());
    Optional<Link> host = ctx.liveLink(HOST, hostEnd.name());
    if (host.isPresent() && !host.get().isOwned()) {
      ctx.conflict(owner, HOST, "link " + hostEnd.name(), notOurs(host.get()));
      ctx.blockContainer(container.name());
      return;
    }
    Optional<Link> ctr = ctx.liveLink(ns, ctrEnd.name());
    if (host.isPresent() && ctr.isEmpty()) {
      // The dump said the peer is there but the namespace's own dump did not: it changed
      // between the two dumps. Start the pair afresh rather than trust either.
      ctx.deleteLink(owner, HOST, host.get(), Reason.differs("peer", "missing", containerEnd(container)));
      host = Optional.empty();
    }
    if (host.isPresent()) {
      planCommonFields(owner, HOST, host.get(), hostEnd.mtu(), hostEnd.mac(), Optional.of(alias));
      planCommonFields(owner, ns, ctr.get(), ctrEnd.mtu(), ctrEnd.mac(), Optional.empty());
      planPort(container, host.get());
      return;
    }
    if (takenAsAltName(owner, HOST, hostEnd.name()) | takenAsAltName(owner, ns, ctrEnd.name())) {
      ctx.blockContainer(container.name());
      return;
    }
    if (ctr.isPresent()) {
      ctx.conflict(owner, ns, "link " + Operation.where(ns, ctrEnd.name()),
          "already exists in namespace " + ns.display() + " and is not the peer of a veth netagent manages");
      ctx.blockContainer(container.name());
      return;
    }
    Reason reason = ctx.state(HOST).link(hostEnd.name()).isPresent() ? recreated(hostEnd.name()) : Reason.MISSING;
    ctx.add(owner, new CreateVethPair(hostEnd.name(), hostEnd.mac(), ns, ctrEnd.name(), ctrEnd.mac(), hostEnd.mtu(), Ownership.LINK_GROUP,
        alias, reason));
    ctx.add(owner, new SetUp(HOST, hostEnd.name(), Reason.differs("state", "down", "up")));
    ctx.add(owner, new SetUp(ns, ctrEnd.name(), Reason.differs("state", "down", "up")));
    attach(container);
  }

  private void planCommonFields(Owner owner, NamespaceRef ns, Link link, int mtu, MacAddress mac, Optional<String> alias) {
    if (link.mtu() != mtu) {
      ctx.add(owner, new SetMtu(ns, link.name(), mtu, Reason.differs("mtu", link.mtu(), mtu)));
    }
    if (!link.mac().equals(Optional.of(mac))) {
      ctx.add(owner, new SetMac(ns, link.name(), mac, Reason.differs("address", link.mac().map(Object::toString).orElse("none"), mac)));
      ctx.flushesNeighbours(ns, link.name());
    }
    if (alias.isPresent() && !link.alias().equals(alias)) {
      ctx.add(owner, new SetAlias(ns, link.name(), alias.get(), Reason.differs("alias", link.alias().orElse("none"), alias.get())));
    }
    if (alias.isPresent() && link.group() != Ownership.LINK_GROUP) {
      ctx.add(owner, new SetGroup(ns, link.name(), Ownership.LINK_GROUP, Reason.differs("group", link.group(), Ownership.LINK_GROUP)));
    }
    if (!link.up()) {
      ctx.add(owner, new SetUp(ns, link.name(), Reason.differs("state", "down", "up")));
    }
  }

  private void planPort(Container container, Link host) {
    Network network = ctx.desired.network(container.network()).orElseThrow();
    Optional<InterfaceName> master = host.master().filter(m -> ctx.isLive(HOST, m));
    if (!master.equals(Optional.of(network.bridge().name()))) {
      attach(container, master.map(Object::toString).orElse("none"));
    } else if (!host.port().equals(Optional.of(BridgePort.MANAGED))) {
      BridgePort was = host.port().orElse(BridgePort.DEFAULT);
      ctx.add(Owner.container(container.name()), new SetBridgePort(host.name(), BridgePort.MANAGED, Reason.differs("port options", was, BridgePort.MANAGED)));
    }
  }

  private void attach(Container container) {
    attach(container, "none");
  }

  /** Attaching resets the port options, so they are always set again after it. */
  private void attach(Container container, String wasMaster) {
    InterfaceName port = container.veth().host().name();
    InterfaceName bridge = ctx.desired.network(container.network()).orElseThrow().bridge().name();
    Owner owner = Owner.container(container.name());
    ctx.add(owner, new SetMaster(HOST, port, bridge, Reason.differs("master", wasMaster, bridge)));
    ctx.add(owner, new SetBridgePort(port, BridgePort.MANAGED, Reason.differs("port options", BridgePort.DEFAULT, BridgePort.MANAGED)));
  }

  /** Reports a conflict when another link holds {@code name} as its alternative name. */
  private boolean takenAsAltName(Owner owner, NamespaceRef ns, InterfaceName name) {
    Optional<Link> holder = ctx.altNameHolder(ns, name);
    holder.ifPresent(h -> ctx.conflict(owner, ns, "link " + Operation.where(ns, name),
        "is an alternative name of link " + h.name() + " (ip link property), which the kernel refuses to any other link"));
    return holder.isPresent();
  }

  private LinkRef containerEnd(Container container) {
    return new LinkRef(container.namespace(), container.veth().container().name());
  }

  /** The reason to create a link that exists now but is deleted earlier in this plan. */
  private Reason recreated(InterfaceName name) {
    return ctx.operations().stream().map(PlannedOperation::operation)
        .filter(op -> op instanceof DeleteLink d && d.name().equals(name) && d.namespace().equals(HOST))
        .map(Operation::reason)
        .findFirst()
        .orElse(Reason.MISSING);
  }

  private static String kindName(Link link) {
    return link.kind().isEmpty() ? "device" : link.kind();
  }

  private static String notOurs(Link link) {
    return "already exists (" + kindName(link) + ", alias " + link.alias().map(a -> "\"" + a + "\"").orElse("none")
        + ") and is not managed by netagent; netagent does not adopt or delete it: rename or remove it, or choose another name";
  }
}
