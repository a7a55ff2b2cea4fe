package io.netagent.plan;

import io.netagent.model.BridgeIpv4;
import io.netagent.model.Container;
import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import io.netagent.operations.AddRoute;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveRoute;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the IPv4 default route of each container namespace (via the network's gateway; none on an
 * IPv6-only network), and removes
 * routes netagent installed that are no longer declared. A default route someone else installed
 * is a conflict: netagent does not replace it.
 */
final class RoutePlanner {
  private RoutePlanner() {}

  static void plan(PlanContext ctx) {
    Set<NamespaceRef> planned = new HashSet<>();
    for (Container c : ctx.activeContainers()) {
      planned.add(c.namespace());
      planDefaultRoute(ctx, c);
    }
    // A namespace declared but not planned (its container is blocked) is still that container's.
    Map<NamespaceRef, Owner> declared = new HashMap<>();
    ctx.desired.containers().forEach(c -> declared.putIfAbsent(c.namespace(), Owner.container(c.name())));
    for (NamespaceRef ns : ctx.observed.namespaces().keySet()) {
      if (!planned.contains(ns)) {
        Owner owner = declared.getOrDefault(ns, Owner.UNDECLARED);
        liveRoutes(ctx, ns).stream().filter(Route::isOwned).forEach(r -> ctx.add(owner, new RemoveRoute(ns, r, Reason.UNDECLARED)));
      }
    }
  }

  private static void planDefaultRoute(PlanContext ctx, Container c) {
    NamespaceRef ns = c.namespace();
    Owner owner = Owner.container(c.name());
    Optional<Ipv4Address> gateway = ctx.desired.network(c.network()).orElseThrow().bridge().ipv4().map(BridgeIpv4::gateway);
    Optional<IpAddress> via = gateway.map(IpAddress.class::cast);
    List<Route> present = liveRoutes(ctx, ns);
    if (gateway.isEmpty()) {
      // An IPv6-only network: no IPv4 default route to have, and nobody else's is in the way.
      present.stream().filter(Route::isOwned).forEach(r -> ctx.add(owner, new RemoveRoute(ns, r, Reason.UNDECLARED)));
      return;
    }
    Route wanted = new Route(Ipv4Subnet.ANY, via, c.veth().container().name(), Ownership.ROUTE_PROTOCOL);
    Optional<Route> foreignDefault = present.stream().filter(r -> r.isDefault() && !r.isOwned() && !r.sameRoute(wanted)).findFirst();
    if (foreignDefault.isPresent()) {
      ctx.conflict(owner, ns, "route " + foreignDefault.get() + " in " + ns.display(),
          "namespace " + ns.display() + " already has a default route that netagent does not manage");
      ctx.blockContainer(c.name());
      return;
    }
    for (Route r : present) {
      if (r.isOwned() && !r.sameRoute(wanted)) {
        ctx.add(owner, new RemoveRoute(ns, r, r.isDefault() ? Reason.differs("default route", r, wanted) : Reason.UNDECLARED));
      }
    }
    if (present.stream().noneMatch(r -> r.sameRoute(wanted))) {
      ctx.add(owner, new AddRoute(ns, wanted, Reason.MISSING));
    }
  }

  /** Routes that survive this plan's deletions of links and addresses. */
  private static List<Route> liveRoutes(PlanContext ctx, NamespaceRef ns) {
    return ctx.state(ns).routes().stream().filter(r -> ctx.keepsRoutes(ns, r.link())).toList();
  }
}
