package io.netagent.plan;

import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Address;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.model.PortMapping;
import io.netagent.observed.Listener;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Sysctls;
import io.netagent.operations.Reason;
import io.netagent.operations.SetSysctl;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Computes the plan that takes the kernel from the observed to the desired state. Pure: it
 * reads two values and returns a third, never touching a kernel.
 *
 * <p>Only objects netagent owns are changed or deleted (links with its alias, routes with its
 * protocol, its namespaces and NAT table, and what lives on its bridges); anything else standing
 * where a declared object should be is reported as a {@link Conflict}.
 */
public final class Planner {
  private Planner() {}

  /** The operations, in dependency order, that make {@code observed} match {@code desired}. */
  public static Plan plan(DesiredState desired, ObservedState observed) {
    return plan(desired, observed, PlanPolicy.ALL_OR_NOTHING);
  }

  /** As {@link #plan(DesiredState, ObservedState)}, under {@code policy}. */
  public static Plan plan(DesiredState desired, ObservedState observed, PlanPolicy policy) {
    PlanContext ctx = new PlanContext(desired, observed);
    NamespacePlanner.plan(ctx, policy);
    LinkPlanner.plan(ctx);
    AddressPlanner.plan(ctx);
    RoutePlanner.plan(ctx);
    NeighbourPlanner.plan(ctx);
    planForwarding(ctx, Sysctls.IP_FORWARD, Bridge::ipv4);
    Ipv6SysctlPlanner.plan(ctx);
    planLocalhostPublishing(ctx);
    NatPlanner.plan(ctx);
    warnAboutListeners(ctx);
    List<PlannedOperation> ordered = NamespaceDeletion.fold(LinkGroupDeletion.fold(ctx.operations(), observed)).stream()
        .sorted(Comparator.comparing(p -> p.operation().phase())).toList();
    return new Plan(ordered, ctx.conflicts(), ctx.absences(), ctx.warnings());
  }

  /** Removes everything netagent owns, in teardown order. */
  public static Plan teardown(ObservedState observed) {
    return plan(DesiredState.EMPTY, observed);
  }

  /**
   * A published port takes its connections from a host process listening on the same port:
   * DNAT in prerouting and output comes before local delivery. Not an error (the host process
   * may be meant to lose them), but worth saying.
   */
  private static void warnAboutListeners(PlanContext ctx) {
    for (Container c : ctx.activeContainers()) {
      for (PortMapping m : c.ports()) {
        ctx.observed.listeners().stream()
            .filter(l -> l.protocol() == m.protocol() && l.port() == m.hostPort())
            .filter(l -> l.isWildcard() || m.hostIp().isEmpty() || m.hostIp().get().equals(l.address()))
            .sorted(Comparator.comparing(Listener::toString))
            .forEach(l -> ctx.warn("host port " + m.key() + " is published to container " + c.name() + ", but a host process listens on "
                + l.address() + ":" + l.port() + "; connections to that port" + m.hostIp().map(ip -> " on " + ip).orElse("")
                + " will reach the container instead"));
      }
    }
  }

  /**
   * A port published on 127.0.0.1 (a mapping on every address, or bound to a loopback address)
   * is DNATed from the output hook to a container: the packet then leaves by the bridge with a
   * 127.0.0.1 source, which the kernel drops as a martian unless route_localnet is on for the
   * bridge (docs/kernel-facts.md §4). The bridge is netagent's, so the setting is too: on when
   * needed, off otherwise. The NAT table guards the bridge against 127/8 from outside.
   */
  private static void planLocalhostPublishing(PlanContext ctx) {
    for (Network n : ctx.desired.networks()) {
      if (ctx.isNetworkBlocked(n.name())) {
        continue;
      }
      boolean needed = n.bridge().nat().mappings().stream().anyMatch(m -> m.hostIp().map(Ipv4Address::isLoopback).orElse(true));
      String key = Sysctls.routeLocalnet(n.bridge().name());
      String wanted = needed ? "1" : "0";
      String now = ctx.isLive(NamespaceRef.HOST, n.bridge().name())
          ? ctx.state(NamespaceRef.HOST).sysctl(key).orElse("0")
          : "0";
      if (!now.equals(wanted)) {
        ctx.add(Owner.network(n.name()), new SetSysctl(NamespaceRef.HOST, key, wanted, Reason.differs(key, now, wanted)));
      }
    }
  }

  /**
   * Routing between container subnets and the outside needs forwarding of their family in the
   * host namespace ({@code key}), when a network has that family ({@code family} of its bridge not
   * empty). It is a host-wide setting, not netagent's: it is switched on, never off.
   *
   * @return whether this plan switches it on
   */
  static boolean planForwarding(PlanContext ctx, String key, Function<Bridge, Optional<?>> family) {
    if (ctx.desired.networks().stream().allMatch(n -> family.apply(n.bridge()).isEmpty())) {
      return false;
    }
    String now = ctx.state(NamespaceRef.HOST).sysctl(key).orElse("unknown");
    if (now.equals("1")) {
      return false;
    }
    ctx.add(Owner.HOST, new SetSysctl(NamespaceRef.HOST, key, "1", Reason.differs(key, now, "1")));
    return true;
  }
}
