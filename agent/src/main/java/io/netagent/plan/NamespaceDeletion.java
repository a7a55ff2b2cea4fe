package io.netagent.plan;

import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Folds the deletions of two or more namespaces into one {@link DeleteNamespaces}, where the first of them was. */
final class NamespaceDeletion {
  private NamespaceDeletion() {}

  static List<Operation> fold(List<Operation> ops) {
    List<DeleteNamespace> deletes = ops.stream().filter(DeleteNamespace.class::isInstance).map(DeleteNamespace.class::cast).toList();
    if (deletes.size() < 2) {
      return ops;
    }
    List<Operation> folded = new ArrayList<>(ops.size() - deletes.size() + 1);
    boolean added = false;
    for (Operation op : ops) {
      if (!(op instanceof DeleteNamespace)) {
        folded.add(op);
      } else if (!added) {
        folded.add(new DeleteNamespaces(deletes.stream().map(DeleteNamespace::namespace)
            .sorted(Comparator.comparing(n -> n.name())).toList(), Reason.UNDECLARED));
        added = true;
      }
    }
    return folded;
  }
}
