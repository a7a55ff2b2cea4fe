package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.IpFamily;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import java.util.Optional;

/**
 * Adds an address to a link; the kernel adds the subnet's route with it. An IPv6 address is added
 * without duplicate address detection, usable at once (docs/kernel-facts.md §11A).
 */
public record AddAddress(NamespaceRef namespace, Address address, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.ADD_ADDRESS;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "address " + address.cidr() + " on " + Operation.where(namespace, address.link());
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "addr add " + address.cidr() + " dev " + address.link() + (address.family() == IpFamily.IPV6 ? " nodad" : ""));
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(address.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.addAddress(this);
  }
}
