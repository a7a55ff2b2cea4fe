package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/**
 * Creates a bridge in the host namespace with a fixed MAC, its MTU, link group and alias, STP
 * off. Both MAC and MTU stay as given: they do not follow the ports attached later.
 */
public record CreateBridge(InterfaceName name, MacAddress mac, int mtu, int group, String alias, Reason reason) implements Operation {
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.CREATE_BRIDGE;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "bridge " + name + " (address " + mac + ", mtu " + mtu + ")";
  }

  @Override
  public String command() {
    return "ip link add " + name + " address " + mac + " mtu " + mtu + " group " + group + " alias " + alias
        + " type bridge stp_state 0 forward_delay 0";
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public boolean createsObject() {
    return true;
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.createBridge(this);
  }
}
