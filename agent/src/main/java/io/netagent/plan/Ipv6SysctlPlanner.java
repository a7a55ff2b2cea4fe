package io.netagent.plan;

import io.netagent.model.Bridge;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Sysctls;
import io.netagent.operations.Reason;
import io.netagent.operations.SetSysctl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the host's IPv6 sysctls (docs/kernel-facts.md §11C, §11D): on the bridge of each network
 * with IPv6, IPv6 on, no router advertisements taken, and its containers' neighbour solicitations
 * answered at once; IPv6 forwarding on, with a warning about the links whose router
 * advertisements that ends. The container ends' settings come with their addresses
 * ({@link AddressPlanner}).
 */
final class Ipv6SysctlPlanner {
  private static final NamespaceRef HOST = NamespaceRef.HOST;

  private Ipv6SysctlPlanner() {}

  static void plan(PlanContext ctx) {
    for (Network n : ctx.desired.networks()) {
      if (n.bridge().ipv6().isPresent() && !ctx.isNetworkBlocked(n.name())) {
        planBridge(ctx, n);
      }
    }
    planForwarding(ctx);
  }

  /**
   * {@code disable_ipv6} and {@code accept_ra} run before the bridge's address and up (their
   * phase); a value not observed (a bridge to be created, or whose IPv6 state an MTU below 1280
   * destroyed) is written, since a new link takes its namespace's {@code default} values, which may
   * be anything.
   */
  private static void planBridge(PlanContext ctx, Network n) {
    InterfaceName bridge = n.bridge().name();
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put(Sysctls.disableIpv6(bridge), "0");
    wanted.put(Sysctls.acceptRa(bridge), "0");
    wanted.put(Sysctls.proxyNdp(bridge), "1");
    wanted.put(Sysctls.proxyDelay(bridge), "0");
    wanted.forEach((key, value) -> {
      Optional<String> now = ctx.isLive(HOST, bridge) ? ctx.state(HOST).sysctl(key) : Optional.empty();
      if (!now.equals(Optional.of(value))) {
        ctx.add(Owner.network(n.name()), new SetSysctl(HOST, key, value, Reason.differs(key, now.orElse("unknown"), value)));
      }
    });
  }

  /**
   * IPv6 forwarding is switched on as IPv4's ({@link Planner#planForwarding}). Switching it on
   * makes every link with {@code accept_ra=1} ignore router advertisements at once: the default
   * route one taught goes, SLAAC addresses age out (§11D, D2). Those links are named before that
   * happens; netagent's own are not among them (their accept_ra is 0).
   */
  private static void planForwarding(PlanContext ctx) {
    if (!Planner.planForwarding(ctx, Sysctls.IPV6_FORWARDING, Bridge::ipv6)) {
      return;
    }
    NamespaceState host = ctx.state(HOST);
    List<String> learning = host.links().stream()
        .filter(l -> !l.isOwned() && !isLoopback(l) && host.sysctl(Sysctls.acceptRa(l.name())).equals(Optional.of("1")))
        .map(l -> l.name().value())
        .toList();
    if (!learning.isEmpty()) {
      boolean one = learning.size() == 1;
      ctx.warn("switching IPv6 forwarding on makes " + String.join(", ", learning) + " ignore router advertisements ("
          + (one ? "its" : "their") + " accept_ra is 1): a default route " + (one ? "it" : "they") + " learnt goes at once and "
          + (one ? "its" : "their") + " SLAAC addresses age out; set net.ipv6.conf.IFACE.accept_ra=2 on " + (one ? "it" : "them")
          + " first (see the README, \"IPv6\")");
    }
  }

  /** The observation leaves out loopback's accept_ra; this keeps a kernel that shows it from naming lo. */
  private static boolean isLoopback(Link link) {
    return link.name().value().equals("lo");
  }
}
