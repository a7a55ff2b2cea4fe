package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Neighbour;
import java.util.Optional;

/** Removes a permanent neighbour entry from a bridge netagent owns. */
public record RemoveNeighbour(Neighbour neighbour, Reason reason) implements Operation {
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
    return "neighbour " + neighbour;
  }

  @Override
  public String command() {
    return "ip neigh del " + neighbour.ip() + " dev " + neighbour.link();
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(neighbour.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.removeNeighbour(this);
  }
}
