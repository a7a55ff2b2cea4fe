package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Route;
import java.util.Optional;

/** Removes a route netagent installed. */
public record RemoveRoute(NamespaceRef namespace, Route route, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.REMOVE_ROUTE;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return "route " + route + " in " + namespace.display();
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "route del " + route + " proto " + route.protocol());
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(route.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.removeRoute(this);
  }
}
