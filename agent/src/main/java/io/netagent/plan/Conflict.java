package io.netagent.plan;

import io.netagent.model.NamespaceRef;

/**
 * Something not owned by netagent stands where the configuration wants something of netagent's.
 * netagent never adopts or deletes it; a plan with conflicts is not applied.
 *
 * @param owner the declared object it stands in the way of
 */
public record Conflict(Owner owner, NamespaceRef namespace, String object, String message) {
  @Override
  public String toString() {
    return object + ": " + message;
  }
}
