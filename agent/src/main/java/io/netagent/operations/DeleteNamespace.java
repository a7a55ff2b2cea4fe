package io.netagent.operations;

import io.netagent.model.NamespaceRef;

/** Deletes a named namespace netagent created; the interfaces inside it go with it. */
public record DeleteNamespace(NamespaceRef.Named namespace, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Phase.DELETE_NAMESPACE;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return "namespace " + namespace.name();
  }

  @Override
  public String command() {
    return "ip netns del " + namespace.name();
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.deleteNamespace(this);
  }
}
