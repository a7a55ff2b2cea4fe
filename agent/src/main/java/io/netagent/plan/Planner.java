package io.netagent.plan;

import io.netagent.kernel.ObservedState;
import io.netagent.kernel.Sysctls;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import java.util.Comparator;
import java.util.List;

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
    PlanContext ctx = new PlanContext(desired, observed);
    NamespacePlanner.plan(ctx);
    LinkPlanner.plan(ctx);
    AddressPlanner.plan(ctx);
    RoutePlanner.plan(ctx);
    NeighbourPlanner.plan(ctx);
    planForwarding(ctx);
    NatPlanner.plan(ctx);
    List<Operation> ordered = ctx.operations().stream().sorted(Comparator.comparing(Operation::phase)).toList();
    return new Plan(ordered, ctx.conflicts());
  }

  /** Removes everything netagent owns, in teardown order. */
  public static Plan teardown(ObservedState observed) {
    return plan(DesiredState.EMPTY, observed);
  }

  /**
   * Routing between container subnets and the outside needs IPv4 forwarding in the host
   * namespace. It is a host-wide setting, not netagent's: it is switched on, never off.
   */
  private static void planForwarding(PlanContext ctx) {
    if (ctx.desired.networks().isEmpty()) {
      return;
    }
    String now = ctx.state(NamespaceRef.HOST).sysctl(Sysctls.IP_FORWARD).orElse("unknown");
    if (!now.equals("1")) {
      ctx.add(new SetSysctl(NamespaceRef.HOST, Sysctls.IP_FORWARD, "1", Reason.differs(Sysctls.IP_FORWARD, now, "1")));
    }
  }
}
