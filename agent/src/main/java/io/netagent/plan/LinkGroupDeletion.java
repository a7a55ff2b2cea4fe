package io.netagent.plan;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Folds the deletion of every link in netagent's link group of a namespace into one
 * {@link DeleteLinkGroup} (teardown, or a configuration emptied of a namespace's links).
 */
final class LinkGroupDeletion {
  private LinkGroupDeletion() {}

  /**
   * The folded operation belongs to the owner of the deletions it replaces when they all have the
   * same one, else to nothing declared (a teardown, or leftovers going with a recreated link).
   */
  static List<PlannedOperation> fold(List<PlannedOperation> ops, ObservedState observed) {
    Map<NamespaceRef, List<PlannedOperation>> deletes = new LinkedHashMap<>();
    for (PlannedOperation p : ops) {
      if (p.operation() instanceof DeleteLink d) {
        deletes.computeIfAbsent(d.namespace(), ns -> new ArrayList<>()).add(p);
      }
    }
    List<PlannedOperation> folded = new ArrayList<>(ops);
    deletes.forEach((ns, ds) -> {
      NamespaceState state = observed.namespaces().get(ns);
      if (ds.size() < 2 || state == null) {
        return;
      }
      Set<InterfaceName> inGroup = state.links().stream().filter(l -> l.group() == Ownership.LINK_GROUP).map(Link::name)
          .collect(Collectors.toSet());
      Set<InterfaceName> deleted = ds.stream().map(p -> ((DeleteLink) p.operation()).name()).collect(Collectors.toSet());
      if (!inGroup.equals(deleted)) {
        return;
      }
      int at = folded.indexOf(ds.get(0));
      // By identity and through a set: List.removeAll(List) compares every pair, a million equals at a thousand containers.
      Set<PlannedOperation> replaced = Collections.newSetFromMap(new IdentityHashMap<>());
      replaced.addAll(ds);
      folded.removeIf(replaced::contains);
      List<InterfaceName> names = ds.stream().map(p -> (DeleteLink) p.operation())
          .sorted(Comparator.comparing(DeleteLink::phase).thenComparing(d -> d.name().value())).map(DeleteLink::name).toList();
      Set<Owner> owners = ds.stream().map(PlannedOperation::owner).collect(Collectors.toSet());
      Owner owner = owners.size() == 1 ? owners.iterator().next() : Owner.UNDECLARED;
      folded.add(Math.min(at, folded.size()), new PlannedOperation(new DeleteLinkGroup(ns, Ownership.LINK_GROUP, names, Reason.UNDECLARED), owner));
    });
    return folded;
  }
}
