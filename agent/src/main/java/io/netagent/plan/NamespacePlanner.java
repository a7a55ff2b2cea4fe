package io.netagent.plan;

import io.netagent.model.Container;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceId;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.Reason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
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
    refuseSharedNamespaces(ctx);
  }

  /**
   * One namespace under two names (a symlink, {@code /proc/PID/ns/net} beside
   * {@code /run/netns/NAME}) would be wired twice, and the kernel refuses the second container's
   * routes halfway through (EEXIST); the host's own namespace under a container's name would get
   * a container's interface and default route. Namespaces are compared by identity (device and
   * inode), not by spelling, and either case blocks the containers involved.
   */
  private static void refuseSharedNamespaces(PlanContext ctx) {
    Optional<NamespaceId> host = ctx.observed.identity(NamespaceRef.HOST);
    Map<NamespaceId, Container> first = new HashMap<>();
    for (Container c : ctx.desired.containers()) {
      Optional<NamespaceId> id = ctx.observed.identity(c.namespace());
      if (id.isEmpty()) {
        continue;
      }
      if (id.equals(host)) {
        ctx.conflict(Owner.container(c.name()), c.namespace(), "namespace " + c.namespace().display(), "is the host's own namespace ("
            + id.get() + "), the one netagent runs in; container " + c.name() + " needs a namespace of its own");
        ctx.blockContainer(c.name());
        continue;
      }
      Container other = first.putIfAbsent(id.get(), c);
      if (other != null && !other.namespace().equals(c.namespace())) {
        sameNamespace(ctx, c, other, id.get());
        sameNamespace(ctx, other, c, id.get());
      }
    }
  }

  private static void sameNamespace(PlanContext ctx, Container c, Container other, NamespaceId id) {
    ctx.conflict(Owner.container(c.name()), c.namespace(), "namespace " + c.namespace().display(), "is the same namespace as "
        + other.namespace().display() + " of container " + other.name() + " (" + id + "): one namespace, two names");
    ctx.blockContainer(c.name());
  }
}
