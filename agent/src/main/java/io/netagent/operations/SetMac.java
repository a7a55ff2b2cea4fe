package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Sets the Ethernet address of a link. */
public record SetMac(NamespaceRef namespace, InterfaceName name, MacAddress mac, Reason reason) implements Operation {
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
    return "set address " + mac;
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link set " + name + " address " + mac);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setMac(this);
  }
}
