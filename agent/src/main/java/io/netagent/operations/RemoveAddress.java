package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import java.util.Optional;

/** Removes an IPv4 address from a link netagent owns. */
public record RemoveAddress(NamespaceRef namespace, Address address, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.REMOVE_ADDRESS;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return "address " + address.cidr() + " on " + Operation.where(namespace, address.link());
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "addr del " + address.cidr() + " dev " + address.link());
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(address.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.removeAddress(this);
  }
}
