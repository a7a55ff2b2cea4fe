package io.netagent.plan;

import io.netagent.model.BridgeIpv4;
import io.netagent.model.Container;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.observed.Address;
import io.netagent.operations.AddAddress;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveAddress;
import java.util.List;
import java.util.Optional;

/**
 * Plans IPv4 addresses on the links netagent manages: exactly the gateway on a bridge, exactly
 * the container's address on its end, none on the host end of a veth; none at all on the links
 * of an IPv6-only network.
 */
final class AddressPlanner {
  private AddressPlanner() {}

  static void plan(PlanContext ctx) {
    for (Network n : ctx.desired.networks()) {
      if (!ctx.isNetworkBlocked(n.name())) {
        plan(ctx, Owner.network(n.name()), NamespaceRef.HOST, n.bridge().name(), n.bridge().ipv4().map(BridgeIpv4::gatewayCidr));
      }
    }
    for (Container c : ctx.activeContainers()) {
      Owner owner = Owner.container(c.name());
      plan(ctx, owner, NamespaceRef.HOST, c.veth().host().name(), Optional.empty());
      plan(ctx, owner, c.namespace(), c.veth().container().name(), c.ipv4());
    }
  }

  private static void plan(PlanContext ctx, Owner owner, NamespaceRef ns, InterfaceName link, Optional<Ipv4Cidr> wanted) {
    List<Address> present = ctx.liveLink(ns, link).isPresent() ? ctx.state(ns).addressesOn(link) : List.of();
    if (!present.isEmpty() && present.stream().noneMatch(a -> wanted.filter(a.cidr()::equals).isPresent())) {
      ctx.losesAllAddresses(ns, link);
    }
    for (Address a : present) {
      if (wanted.filter(a.cidr()::equals).isEmpty()) {
        Reason reason = wanted.filter(w -> w.address().equals(a.cidr().address()))
            .<Reason>map(w -> Reason.differs("prefix length", a.cidr().prefixLength(), w.prefixLength()))
            .orElse(Reason.UNDECLARED);
        ctx.add(owner, new RemoveAddress(ns, a, reason));
      }
    }
    wanted.ifPresent(w -> {
      if (present.stream().noneMatch(a -> a.cidr().equals(w))) {
        Reason reason = present.stream().filter(a -> a.cidr().address().equals(w.address())).findFirst()
            .<Reason>map(a -> Reason.differs("prefix length", a.cidr().prefixLength(), w.prefixLength()))
            .orElse(Reason.MISSING);
        ctx.add(owner, new AddAddress(ns, new Address(link, w), reason));
      }
    });
  }
}
