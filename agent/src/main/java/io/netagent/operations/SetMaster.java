package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Attaches a link to a bridge (moving it from any other). */
public record SetMaster(NamespaceRef namespace, InterfaceName name, InterfaceName master, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.ATTACH;
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
    return "attach to " + master;
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link set " + name + " master " + master);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setMaster(this);
  }
}
