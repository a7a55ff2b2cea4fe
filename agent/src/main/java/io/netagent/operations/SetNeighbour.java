package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Neighbour;
import java.util.Optional;

/** Installs (or replaces) a permanent neighbour entry on a bridge: half of an ARP proxy entry. */
public record SetNeighbour(Neighbour neighbour, Reason reason) implements Operation {
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
    return reason instanceof Reason.Differs ? Action.CHANGE : Action.CREATE;
  }

  @Override
  public String object() {
    return "neighbour " + neighbour;
  }

  @Override
  public String command() {
    return "ip neigh replace " + neighbour.ip() + " lladdr " + neighbour.mac() + " dev " + neighbour.link() + " nud permanent";
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(neighbour.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setNeighbour(this);
  }
}
