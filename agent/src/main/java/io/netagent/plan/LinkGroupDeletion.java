package io.netagent.plan;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Ownership;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.Operation;
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

  static List<Operation> fold(List<Operation> ops, ObservedState observed) {
    Map<NamespaceRef, List<DeleteLink>> deletes = new LinkedHashMap<>();
    for (Operation op : ops) {
      if (op instanceof DeleteLink d) {
        deletes.computeIfAbsent(d.namespace(), ns -> new ArrayList<>()).add(d);
      }
    }
    List<Operation> folded = new ArrayList<>(ops);
    deletes.forEach((ns, ds) -> {
      NamespaceState state = observed.namespaces().get(ns);
      if (ds.size() < 2 || state == null) {
        return;
      }
      Set<InterfaceName> inGroup = state.links().stream().filter(l -> l.group() == Ownership.LINK_GROUP).map(Link::name)
          .collect(Collectors.toSet());
      Set<InterfaceName> deleted = ds.stream().map(DeleteLink::name).collect(Collectors.toSet());
      if (!inGroup.equals(deleted)) {
        return;
      }
      int at = folded.indexOf(ds.get(0));
      // By identity and through a set: List.removeAll(List) compares every pair, a million equals at a thousand containers.
      Set<Operation> replaced = Collections.newSetFromMap(new IdentityHashMap<>());
      replaced.addAll(ds);
      folded.removeIf(replaced::contains);
      List<InterfaceName> names = ds.stream().sorted(Comparator.comparing(DeleteLink::phase).thenComparing(d -> d.name().value()))
          .map(DeleteLink::name).toList();
      folded.add(Math.min(at, folded.size()), new DeleteLinkGroup(ns, Ownership.LINK_GROUP, names, Reason.UNDECLARED));
    });
    return folded;
  }
}
