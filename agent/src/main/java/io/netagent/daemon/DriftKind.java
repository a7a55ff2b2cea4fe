package io.netagent.daemon;

import io.netagent.operations.AddAddress;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Operation;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.RemoveFdbEntry;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;

/** The kind of kernel object an operation repairs, the {@code kind} label of {@code netagent_drift_repaired_total}. */
final class DriftKind {
  private DriftKind() {}

  /** namespace, address, route, neighbour, fdb, sysctl, nat, or link (every other operation works on a link). */
  static String of(Operation op) {
    if (op instanceof CreateNamespace || op instanceof DeleteNamespace || op instanceof DeleteNamespaces) {
      return "namespace";
    } else if (op instanceof AddAddress || op instanceof RemoveAddress) {
      return "address";
    } else if (op instanceof AddRoute || op instanceof RemoveRoute) {
      return "route";
    } else if (op instanceof SetNeighbour || op instanceof RemoveNeighbour || op instanceof AddProxyNeighbour
        || op instanceof RemoveProxyNeighbour) {
      return "neighbour";
    } else if (op instanceof AddFdbEntry || op instanceof RemoveFdbEntry) {
      return "fdb";
    } else if (op instanceof SetSysctl) {
      return "sysctl";
    } else if (op instanceof ReplaceNatTable || op instanceof DeleteNatTable) {
      return "nat";
    }
    return "link";
  }
}
