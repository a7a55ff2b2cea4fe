package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ProxyNeighbour;
import java.util.Optional;

/** Removes an IPv6 proxy neighbour entry from a bridge netagent owns. */
public record RemoveProxyNeighbour(ProxyNeighbour proxy, Reason reason) implements Operation {
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.REMOVE_NEIGHBOUR;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return "neighbour " + proxy;
  }

  @Override
  public String command() {
    return "ip -6 neigh del proxy " + proxy.ip() + " dev " + proxy.link();
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(proxy.link());
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.removeProxyNeighbour(this);
  }
}
