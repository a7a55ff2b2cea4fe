package io.netagent.plan;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;

/** Creates a bridge in the host namespace with a fixed MAC, its MTU and netagent's alias, STP off. */
public record CreateBridge(InterfaceName name, MacAddress mac, int mtu, String alias, Reason reason) implements Operation {
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
    return "ip link add " + name + " address " + mac + " mtu " + mtu + " alias " + alias
        + " type bridge stp_state 0 forward_delay 0";
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.createBridge(this);
  }
}
