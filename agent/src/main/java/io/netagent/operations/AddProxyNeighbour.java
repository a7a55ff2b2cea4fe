package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ProxyNeighbour;
import java.util.Optional;

/** Adds an IPv6 proxy neighbour entry on a bridge, so that its own stack answers solicitations for a container (docs/kernel-facts.md §11C). */
public record AddProxyNeighbour(ProxyNeighbour proxy, Reason reason) implements Operation {
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.ADD_NEIGHBOUR;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "neighbour " + proxy;
  }

  @Override
  public String command() {
    return "ip -6 neigh add proxy " + proxy.ip() + " dev " + proxy.link();
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(proxy.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.addProxyNeighbour(this);
  }
}
