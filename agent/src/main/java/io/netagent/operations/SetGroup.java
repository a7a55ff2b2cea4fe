package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Sets the link group (IFLA_GROUP) that marks a link as netagent's. */
public record SetGroup(NamespaceRef namespace, InterfaceName name, int group, Reason reason) implements Operation {
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
    return "set group " + group;
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link set " + name + " group " + group);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setGroup(this);
  }
}
