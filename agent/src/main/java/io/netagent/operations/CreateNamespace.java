package io.netagent.operations;

import io.netagent.model.NamespaceRef;

/** Creates a named namespace at /run/netns/NAME with its loopback up, and records that netagent owns it. */
public record CreateNamespace(NamespaceRef.Named namespace, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.CREATE_NAMESPACE;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "namespace " + namespace.name();
  }

  @Override
  public String command() {
    return "ip netns add " + namespace.name();
  }

  @Override
  public boolean createsObject() {
    return true;
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.createNamespace(this);
  }
}
