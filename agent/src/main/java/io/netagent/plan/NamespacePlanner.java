package io.netagent.plan;

import io.netagent.model.Container;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.Reason;
import java.util.HashSet;
import java.util.Set;

/** Plans the container namespaces: create the missing ones netagent may create, delete the undeclared ones it created. */
final class NamespacePlanner {
  private NamespacePlanner() {}

  static void plan(PlanContext ctx, PlanPolicy policy) {
    boolean manage = policy.manageNamespaces();
    Set<NamespaceRef> declared = new HashSet<>();
    ctx.desired.containers().forEach(c -> declared.add(c.namespace()));
    for (NamespaceRef owned : ctx.observed.ownedNamespaces()) {
      if (manage && !declared.contains(owned) && owned instanceof NamespaceRef.Named named) {
        ctx.deleteNamespace(named);
      }
    }
    Set<NamespaceRef.Named> creating = new HashSet<>();
    for (Container c : ctx.desired.containers()) {
      NamespaceRef ns = c.namespace();
      if (ctx.observed.exists(ns)) {
        continue;
      }
      Owner owner = Owner.container(c.name());
      boolean creatable = c.createNamespace() && manage && ns instanceof NamespaceRef.Named;
      if (policy.perOwner() && !creatable) {
        ctx.absent(c, c.createNamespace() ? "namespace not created yet" : "namespace gone");
      } else if (c.createNamespace() && !manage) {
        ctx.conflict(owner, ns, "namespace " + ns.display(), "does not exist; namespaces are created outside this process "
            + "(under systemd when the service starts or reloads: systemctl reload netagent)");
        ctx.blockContainer(c.name());
      } else if (c.createNamespace() && ns instanceof NamespaceRef.Named named) {
        if (creating.add(named)) {
          ctx.add(owner, new CreateNamespace(named, Reason.MISSING));
        }
      } else {
        String hint = ns instanceof NamespaceRef.Named named
            ? "; create it (ip netns add " + named.name() + ") or set createNamespace: true for container " + c.name()
            : "";
        ctx.conflict(owner, ns, "namespace " + ns.display(), "does not exist" + hint);
        ctx.blockContainer(c.name());
      }
    }
  }
}
