package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import java.util.Optional;

/** Adds a route to the main table, marked with netagent's route protocol. */
public record AddRoute(NamespaceRef namespace, Route route, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.ADD_ROUTE;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "route " + route + " in " + namespace.display();
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "route add " + route + " proto " + Ownership.ROUTE_PROTOCOL);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(route.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.addRoute(this);
  }
}
