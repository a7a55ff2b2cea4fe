package io.netagent.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Everything the configuration declares: the networks and the containers on them. */
public record DesiredState(List<Network> networks, List<Container> containers) {

  /** Nothing declared: planning against it tears down everything netagent owns. */
  public static final DesiredState EMPTY = new DesiredState(List.of(), List.of());

  public DesiredState {
    networks = List.copyOf(networks);
    containers = List.copyOf(containers);
  }

  public Optional<Network> network(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The containers on network {@code name}, in declaration order. */
  public List<Container> containersOn(String name) {
    return containers.stream().filter(c -> c.network().equals(name)).toList();
  }

  /** The namespaces the containers live in. */
  public Set<NamespaceRef> namespaces() {
    Set<NamespaceRef> result = new TreeSet<>();
    containers.forEach(c -> result.add(c.namespace()));
    return result;
  }
}
