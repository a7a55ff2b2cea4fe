package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Sets the MTU of a link. */
public record SetMtu(NamespaceRef namespace, InterfaceName name, int mtu, Reason reason) implements Operation {
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
    return "set mtu " + mtu;
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link set " + name + " mtu " + mtu);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setMtu(this);
  }
}
