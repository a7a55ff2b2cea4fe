package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.FdbEntry;
import java.util.Optional;

/** Installs a bridge forwarding-database entry: the other half of an ARP proxy entry. */
public record AddFdbEntry(FdbEntry entry, Reason reason) implements Operation {
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.ADD_NEIGHBOUR;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "fdb entry " + entry;
  }

  @Override
  public String command() {
    return "bridge fdb replace " + entry.mac() + " dev " + entry.device()
        + (entry.kind() == FdbEntry.Kind.STATIC ? " master static" : " self local");
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(entry.device());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.addFdbEntry(this);
  }
}
