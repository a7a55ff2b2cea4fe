package io.netagent.plan;

import io.netagent.model.BridgeIpv4;
import io.netagent.model.Container;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.Address;
import io.netagent.observed.AddressFlag;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddAddress;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.SetSysctl;
import java.util.List;
import java.util.Optional;

/**
 * Plans the addresses on the links netagent manages, each family on its own: exactly the gateway
 * (IPv4) and gateway6 on a bridge, exactly the container's address and ip6 on its end, none on
 * the host end of a veth; none of a family the network lacks.
 */
final class AddressPlanner {
  private static final Reason DAD_FAILED = Reason.differs("duplicate address detection", "failed", "not run (nodad)");

  private AddressPlanner() {}

  static void plan(PlanContext ctx) {
    for (Network n : ctx.desired.networks()) {
      if (!ctx.isNetworkBlocked(n.name())) {
        Owner owner = Owner.network(n.name());
        InterfaceName bridge = n.bridge().name();
        plan(ctx, owner, NamespaceRef.HOST, bridge, IpFamily.IPV4, n.bridge().ipv4().map(BridgeIpv4::gatewayCidr));
        plan(ctx, owner, NamespaceRef.HOST, bridge, IpFamily.IPV6,
            n.bridge().ipv6().map(v6 -> new Ipv6Cidr(v6.gateway(), v6.subnet().prefixLength())));
      }
    }
    for (Container c : ctx.activeContainers()) {
      Owner owner = Owner.container(c.name());
      InterfaceName hostEnd = c.veth().host().name();
      InterfaceName eth0 = c.veth().container().name();
      plan(ctx, owner, NamespaceRef.HOST, hostEnd, IpFamily.IPV4, Optional.empty());
      plan(ctx, owner, NamespaceRef.HOST, hostEnd, IpFamily.IPV6, Optional.empty());
      plan(ctx, owner, c.namespace(), eth0, IpFamily.IPV4, c.ipv4());
      if (plan(ctx, owner, c.namespace(), eth0, IpFamily.IPV6, c.ipv6())) {
        enableIpv6(ctx, owner, c.namespace(), eth0);
      }
    }
  }

  /** Plans the addresses of {@code family} on a link; true when it adds one. */
  private static boolean plan(PlanContext ctx, Owner owner, NamespaceRef ns, InterfaceName link, IpFamily family,
      Optional<? extends IpCidr> wanted) {
    List<Address> present = ctx.liveLink(ns, link).isPresent()
        ? ctx.state(ns).addressesOn(link).stream().filter(a -> a.family() == family).toList()
        : List.of();
    if (family == IpFamily.IPV4 && !present.isEmpty() && present.stream().noneMatch(a -> wanted.filter(a.cidr()::equals).isPresent())) {
      ctx.losesAllIpv4Addresses(ns, link);
    }
    for (Address a : present) {
      if (wanted.filter(a.cidr()::equals).isEmpty()) {
        Reason reason = wanted.filter(w -> w.address().equals(a.cidr().address()))
            .<Reason>map(w -> Reason.differs("prefix length", a.cidr().prefixLength(), w.prefixLength()))
            .orElse(Reason.UNDECLARED);
        ctx.add(owner, new RemoveAddress(ns, a, reason));
      } else if (a.flags().contains(AddressFlag.DADFAILED)) {
        // Unusable for good (docs/kernel-facts.md §11A): added again, with nodad, it is never checked.
        ctx.add(owner, new RemoveAddress(ns, a, DAD_FAILED));
      }
    }
    if (wanted.isEmpty() || present.stream().anyMatch(a -> a.cidr().equals(wanted.get()) && !a.flags().contains(AddressFlag.DADFAILED))) {
      return false;
    }
    IpCidr w = wanted.get();
    Reason reason = present.stream().filter(a -> a.cidr().address().equals(w.address())).findFirst()
        .<Reason>map(a -> a.cidr().equals(w) ? DAD_FAILED : Reason.differs("prefix length", a.cidr().prefixLength(), w.prefixLength()))
        .orElse(Reason.MISSING);
    ctx.add(owner, new AddAddress(ns, new Address(link, w), reason));
    return true;
  }

  /**
   * A container's settings are not observed, so they are written with each IPv6 address added to
   * its end: that is when they matter, and it covers every way the end can have lost them. A new
   * end takes its namespace's {@code default.disable_ipv6}, which may be 1 (the address would be
   * refused, EACCES), and {@code accept_ra} 1; an MTU below 1280 (drift) brings both back to the
   * defaults and takes the address with it; {@code disable_ipv6=1} takes the address too
   * (docs/kernel-facts.md §11A, §11D). Both run before the address and up ({@code SetSysctl}'s
   * phase).
   */
  private static void enableIpv6(PlanContext ctx, Owner owner, NamespaceRef ns, InterfaceName link) {
    ctx.add(owner, new SetSysctl(ns, Sysctls.disableIpv6(link), "0", Reason.MISSING));
    ctx.add(owner, new SetSysctl(ns, Sysctls.acceptRa(link), "0", Reason.MISSING));
  }
}
