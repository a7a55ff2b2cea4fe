package io.netagent.model;

import java.util.ArrayList;
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

  /**
   * This state with {@code container} added: attached to its network's bridge, its IPv4 ports in
   * the network's NAT table. The rules that span containers (unique names, addresses, ports) are
   * the caller's to have checked; this only refuses what the model cannot hold.
   *
   * @throws ModelException when its network is not declared, its name is taken, or its addresses
   *     are not of exactly the network's families
   */
  public DesiredState withContainer(Container container) {
    if (containers.stream().anyMatch(c -> c.name().equals(container.name()))) {
      throw new ModelException("container " + container.name() + " is already declared");
    }
    Network network = network(container.network())
        .orElseThrow(() -> new ModelException("container " + container.name() + " joins undeclared network " + container.network()));
    if (container.ipv4().isPresent() != network.bridge().ipv4().isPresent()
        || container.ipv6().isPresent() != network.bridge().ipv6().isPresent()) {
      throw new ModelException("container " + container.name() + " needs an address of each family network " + network.name()
          + " has, and no other");
    }
    Bridge bridge = network.bridge().attach(container.veth().host().name());
    NatTable nat = bridge.nat();
    for (PortMapping m : container.ports()) {
      nat = nat.withMapping(m);
    }
    List<Container> nextContainers = new ArrayList<>(containers);
    nextContainers.add(container);
    return new DesiredState(replace(network.withBridge(bridge.withNat(nat))), nextContainers);
  }

  /** This state without the container named {@code name} (the same state when there is none). */
  public DesiredState withoutContainer(String name) {
    Optional<Container> gone = containers.stream().filter(c -> c.name().equals(name)).findFirst();
    if (gone.isEmpty()) {
      return this;
    }
    Container container = gone.get();
    Network network = network(container.network()).orElseThrow();
    Bridge bridge = network.bridge().detach(container.veth().host().name());
    NatTable nat = bridge.nat();
    for (PortMapping m : container.ports()) {
      nat = nat.without(m.hostPort(), m.protocol()).table();
    }
    return new DesiredState(replace(network.withBridge(bridge.withNat(nat))),
        containers.stream().filter(c -> !c.name().equals(name)).toList());
  }

  private List<Network> replace(Network changed) {
    return networks.stream().map(n -> n.name().equals(changed.name()) ? changed : n).toList();
  }

  /**
   * This state with {@code network} added, nothing on it yet.
   *
   * @throws ModelException when a network of its name is declared
   */
  public DesiredState withNetwork(Network network) {
    if (network(network.name()).isPresent()) {
      throw new ModelException("network " + network.name() + " is already declared");
    }
    List<Network> next = new ArrayList<>(networks);
    next.add(network);
    return new DesiredState(next, containers);
  }

  /**
   * This state without the network named {@code name} (the same state when there is none).
   *
   * @throws ModelException when containers are still on it
   */
  public DesiredState withoutNetwork(String name) {
    if (!containersOn(name).isEmpty()) {
      throw new ModelException("network " + name + " still has containers");
    }
    return new DesiredState(networks.stream().filter(n -> !n.name().equals(name)).toList(), containers);
  }
}
