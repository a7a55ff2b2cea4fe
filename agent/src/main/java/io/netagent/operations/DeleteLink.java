package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/** Deletes a link netagent owns; deleting one veth end deletes its peer too. */
public record DeleteLink(NamespaceRef namespace, InterfaceName name, String kind, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return "veth".equals(kind) ? Phase.DELETE_VETH : Phase.DELETE_LINK;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return (kind.isEmpty() ? "link" : kind) + " " + Operation.where(namespace, name);
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link del " + name);
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(name);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.deleteLink(this);
  }
}
