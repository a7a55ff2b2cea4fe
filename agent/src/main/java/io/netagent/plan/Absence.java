package io.netagent.plan;

import io.netagent.model.NamespaceRef;

/**
 * A declared container that is not there to wire: its namespace is gone (the container stopped,
 * or it is not created yet). Not a conflict: its host-side objects (veth host end, neighbour and
 * FDB entries, NAT mappings and their conntrack flows) are withdrawn, and it is wired again when
 * its namespace appears.
 *
 * @param container the container's name
 * @param reason in words, for status: "namespace gone"
 */
public record Absence(String container, NamespaceRef namespace, String reason) {
  public Owner owner() {
    return Owner.container(container);
  }

  @Override
  public String toString() {
    return "container " + container + ": absent (" + reason + ": " + namespace.display() + ")";
  }
}
