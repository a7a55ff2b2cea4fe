package io.netagent.model;


/**
 * A veth pair: the host end (in the host namespace, attached to a bridge) and the container end
 * (in the container's namespace, carrying its address).
 */
public record VethPair(VethEndpoint host, VethEndpoint container) {

  public VethPair {
    if (!host.peer().equals(container.name()) || !container.peer().equals(host.name())) {
      throw new ModelException("veth ends " + host.name() + " and " + container.name() + " do not name each other as peers");
    }
    if (!(host.namespace() instanceof NamespaceRef.Host)) {
      throw new ModelException("the host end " + host.name() + " must live in the host namespace");
    }
    if (container.namespace() instanceof NamespaceRef.Host) {
      throw new ModelException("the container end " + container.name() + " must live in a container namespace");
    }
    if (host.mac().equals(container.mac())) {
      throw new ModelException("both ends of veth " + host.name() + " have MAC " + host.mac());
    }
  }
}
