package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.FdbEntry;
import java.util.Optional;

/** Removes a bridge forwarding-database entry netagent installed. */
public record RemoveFdbEntry(FdbEntry entry, Reason reason) implements Operation {
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.REMOVE_NEIGHBOUR;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return "fdb entry " + entry;
  }

  @Override
  public String command() {
    return "bridge fdb del " + entry.mac() + " dev " + entry.device() + (entry.kind() == FdbEntry.Kind.STATIC ? " master" : " self");
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(entry.device());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.removeFdbEntry(this);
  }
}
