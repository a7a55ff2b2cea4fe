package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Sets the alias (IFLA_IFALIAS) that marks a link as netagent's. */
public record SetAlias(NamespaceRef namespace, InterfaceName name, String alias, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.SET_LINK;
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
    return "set alias " + alias;
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link set " + name + " alias " + alias);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setAlias(this);
  }
}
