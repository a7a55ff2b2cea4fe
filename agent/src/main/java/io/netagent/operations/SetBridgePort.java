package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.BridgePort;
import java.util.Optional;

/** Sets the port options (proxy-ARP, hairpin) of a link attached to a bridge. */
public record SetBridgePort(InterfaceName name, BridgePort options, Reason reason) implements Operation {
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.SET_PORT;
  }

  @Override
  public Action action() {
    return Action.CHANGE;
  }

  @Override
  public String object() {
    return "bridge port " + name;
  }

  @Override
  public String change() {
    return "set " + options;
  }

  @Override
  public String command() {
    return "ip link set " + name + " type bridge_slave proxy_arp " + (options.proxyArp() ? "on" : "off")
        + " hairpin " + (options.hairpin() ? "on" : "off");
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setBridgePort(this);
  }
}
