package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Brings a link administratively up (IFF_UP). */
public record SetUp(NamespaceRef namespace, InterfaceName name, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.SET_UP;
  }

  @Override
  public Action action() {
    return Action.CHANGE;
  }

  @Override
  public String object() {
    return "link " + Operation.where(namespace, name);
  }

  @Override
  public String change() {
    return "set up";
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link set " + name + " up");
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setUp(this);
  }
}
