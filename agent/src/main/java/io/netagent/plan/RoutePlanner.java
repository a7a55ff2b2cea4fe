package io.netagent.plan;

import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import io.netagent.operations.AddRoute;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveRoute;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the default route of each family in each container namespace (via the network's gateway
 * or gateway6; none of a family the network lacks), and removes routes netagent installed that
 * are no longer declared. A default route someone else installed is a conflict: netagent does not
 * replace it. The families are planned apart: an IPv4 default route is never in the way of the
 * IPv6 one.
 */
final class RoutePlanner {
  private RoutePlanner() {}

  static void plan(PlanContext ctx) {
    Set<NamespaceRef> planned = new HashSet<>();
    for (Container c : ctx.activeContainers()) {
      planned.add(c.namespace());
      planDefaultRoutes(ctx, c);
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

  /** Both families' conflicts first: a container blocked by one gets no route of the other either. */
  private static void planDefaultRoutes(PlanContext ctx, Container c) {
    Bridge bridge = ctx.desired.network(c.network()).orElseThrow().bridge();
    Map<IpFamily, Optional<Route>> wanted = new EnumMap<>(IpFamily.class);
    wanted.put(IpFamily.IPV4, bridge.ipv4().map(v4 -> Route.via(Ipv4Subnet.ANY, v4.gateway(), c.veth().container().name(),
        Ownership.ROUTE_PROTOCOL)));
    wanted.put(IpFamily.IPV6, bridge.ipv6().map(v6 -> Route.via(Ipv6Subnet.ANY, v6.gateway(), c.veth().container().name(),
        Ownership.ROUTE_PROTOCOL)));
    NamespaceRef ns = c.namespace();
    List<Route> present = liveRoutes(ctx, ns);
    for (Optional<Route> route : wanted.values()) {
      Optional<Route> foreignDefault = route.flatMap(w -> present.stream()
          .filter(r -> r.family() == w.family() && r.isDefault() && !r.isOwned() && !r.sameRoute(w)).findFirst());
      if (foreignDefault.isPresent()) {
        ctx.conflict(Owner.container(c.name()), ns, "route " + foreignDefault.get() + " in " + ns.display(),
            "namespace " + ns.display() + " already has a" + (route.get().family() == IpFamily.IPV6 ? "n IPv6" : "")
            + " default route that netagent does not manage");
        ctx.blockContainer(c.name());
        return;
      }
    }
    wanted.forEach((family, route) -> plan(ctx, c, present.stream().filter(r -> r.family() == family).toList(), route));
  }

  /** Removes the owned routes of one family but {@code wanted} (all of them on a network without the family) and adds it. */
  private static void plan(PlanContext ctx, Container c, List<Route> present, Optional<Route> wanted) {
    NamespaceRef ns = c.namespace();
    Owner owner = Owner.container(c.name());
    for (Route r : present) {
      if (r.isOwned() && wanted.filter(r::sameRoute).isEmpty()) {
        Reason reason = r.isDefault() && wanted.isPresent() ? Reason.differs("default route", r, wanted.get()) : Reason.UNDECLARED;
        ctx.add(owner, new RemoveRoute(ns, r, reason));
      }
    }
    if (wanted.isPresent() && present.stream().noneMatch(r -> r.sameRoute(wanted.get()))) {
      ctx.add(owner, new AddRoute(ns, wanted.get(), Reason.MISSING));
    }
  }

  /** Routes that survive this plan's deletions of links and addresses. */
  private static List<Route> liveRoutes(PlanContext ctx, NamespaceRef ns) {
    return ctx.state(ns).routes().stream().filter(r -> ctx.keepsRoutes(ns, r.link(), r.family())).toList();
  }
}
