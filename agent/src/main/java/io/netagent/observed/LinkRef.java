package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;

/** An interface identified by its namespace and name. */
public record LinkRef(NamespaceRef namespace, InterfaceName name) {
  @Override
  public String toString() {
    return namespace.display() + "/" + name;
  }
}
