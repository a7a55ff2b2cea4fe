package io.netagent.plan;

import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Folds the deletions of two or more namespaces into one {@link DeleteNamespaces}, where the first of them was. */
final class NamespaceDeletion {
  private NamespaceDeletion() {}

  /** Only namespaces nothing declares are deleted, so the folded operation belongs to nothing declared. */
  static List<PlannedOperation> fold(List<PlannedOperation> ops) {
    List<DeleteNamespace> deletes = ops.stream().map(PlannedOperation::operation).filter(DeleteNamespace.class::isInstance)
        .map(DeleteNamespace.class::cast).toList();
    if (deletes.size() < 2) {
      return ops;
    }
    List<PlannedOperation> folded = new ArrayList<>(ops.size() - deletes.size() + 1);
    boolean added = false;
    for (PlannedOperation p : ops) {
      if (!(p.operation() instanceof DeleteNamespace)) {
        folded.add(p);
      } else if (!added) {
        folded.add(new PlannedOperation(new DeleteNamespaces(deletes.stream().map(DeleteNamespace::namespace)
            .sorted(Comparator.comparing(n -> n.name())).toList(), Reason.UNDECLARED), Owner.UNDECLARED));
        added = true;
      }
    }
    return folded;
  }
}
