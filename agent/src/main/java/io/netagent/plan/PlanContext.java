package io.netagent.plan;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpFamily;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Link;
import io.netagent.observed.LinkRef;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the planning steps share: the two states, the operations and conflicts found so far, and
 * the links this plan deletes. Steps read the kernel through it as it will be once those
 * deletions have run, so nothing that dies with a link is planned twice.
 */
final class PlanContext {
  private static final NamespaceState EMPTY_NAMESPACE = new NamespaceState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());

  final DesiredState desired;
  final ObservedState observed;
  private final List<PlannedOperation> operations = new ArrayList<>();
  private final List<Conflict> conflicts = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<LinkRef> dying = new HashSet<>();
  private final Set<NamespaceRef> dyingNamespaces = new HashSet<>();
  private final Set<LinkRef> losingAllIpv4Addresses = new HashSet<>();
  private final Set<LinkRef> flushingNeighbours = new HashSet<>();
  private final Set<String> blockedNetworks = new HashSet<>();
  private final Set<String> blockedContainers = new HashSet<>();
  private final List<Absence> absences = new ArrayList<>();
  private final Set<String> absentContainers = new HashSet<>();

  PlanContext(DesiredState desired, ObservedState observed) {
    this.desired = desired;
    this.observed = observed;
  }

  /** Records that {@code container} is absent: nothing of it is planned, and what it left on the host is withdrawn. */
  void absent(Container container, String reason) {
    absences.add(new Absence(container.name(), container.namespace(), reason));
    absentContainers.add(container.name());
  }

  boolean isAbsent(String container) {
    return absentContainers.contains(container);
  }

  /** Why {@code container} is absent, in words. */
  String absenceOf(String container) {
    return absences.stream().filter(a -> a.container().equals(container)).map(Absence::reason).findFirst().orElseThrow();
  }

  List<Absence> absences() {
    return absences;
  }

  void add(Owner owner, Operation op) {
    operations.add(new PlannedOperation(op, owner));
  }

  void conflict(Owner owner, NamespaceRef namespace, String object, String message) {
    conflicts.add(new Conflict(owner, namespace, object, message));
  }

  List<PlannedOperation> operations() {
    return operations;
  }

  List<Conflict> conflicts() {
    return conflicts;
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  List<String> warnings() {
    return warnings;
  }

  /** Plans the deletion of an owned link; its veth peer goes with it. */
  void deleteLink(Owner owner, NamespaceRef namespace, Link link, Reason reason) {
    add(owner, new DeleteLink(namespace, link.name(), link.kind(), reason));
    dying.add(new LinkRef(namespace, link.name()));
    link.peer().ifPresent(dying::add);
  }

  /** Plans the deletion of a namespace netagent created and no container declares; everything in it goes with it. */
  void deleteNamespace(NamespaceRef.Named namespace) {
    add(Owner.UNDECLARED, new DeleteNamespace(namespace, Reason.UNDECLARED));
    dyingNamespaces.add(namespace);
    state(namespace).links().forEach(l -> {
      dying.add(new LinkRef(namespace, l.name()));
      l.peer().ifPresent(dying::add);
    });
  }

  /** The namespace's state as observed, or empty when it does not exist (yet). */
  NamespaceState state(NamespaceRef namespace) {
    return observed.namespace(namespace).orElse(EMPTY_NAMESPACE);
  }

  /** The link as it will be when this plan's deletions have run: absent if it dies. */
  Optional<Link> liveLink(NamespaceRef namespace, InterfaceName name) {
    if (dying.contains(new LinkRef(namespace, name)) || dyingNamespaces.contains(namespace)) {
      return Optional.empty();
    }
    return state(namespace).link(name);
  }

  boolean isLive(NamespaceRef namespace, InterfaceName name) {
    return liveLink(namespace, name).isPresent();
  }

  /** The live link that has {@code name} as an alternative name: the kernel refuses the name to any other link. */
  Optional<Link> altNameHolder(NamespaceRef namespace, InterfaceName name) {
    return state(namespace).links().stream()
        .filter(l -> l.altNames().contains(name) && isLive(namespace, l.name()))
        .findFirst();
  }

  /**
   * Records that this plan removes every IPv4 address of a link before adding any: the kernel then
   * flushes the IPv4 routes via the link (fib_disable_ip on the last address) and its IPv4
   * neighbour entries (arp_ifdown), so none survives. Losing its IPv6 addresses flushes neither
   * (docs/kernel-facts.md §11C).
   */
  void losesAllIpv4Addresses(NamespaceRef namespace, InterfaceName name) {
    losingAllIpv4Addresses.add(new LinkRef(namespace, name));
  }

  /**
   * Records that this plan makes the kernel flush a link's permanent neighbour entries of both
   * families: a MAC change (neigh_changeaddr). Its IPv6 proxy entries stay (§11C).
   */
  void flushesNeighbours(NamespaceRef namespace, InterfaceName name) {
    flushingNeighbours.add(new LinkRef(namespace, name));
  }

  /** True when the link's permanent neighbour entries of {@code family} survive this plan. */
  boolean keepsNeighbours(NamespaceRef namespace, InterfaceName name, IpFamily family) {
    LinkRef link = new LinkRef(namespace, name);
    return isLive(namespace, name) && !flushingNeighbours.contains(link)
        && !(family == IpFamily.IPV4 && losingAllIpv4Addresses.contains(link));
  }

  /** True when routes of {@code family} via the link survive this plan: the link lives and, for IPv4, keeps an address throughout. */
  boolean keepsRoutes(NamespaceRef namespace, InterfaceName name, IpFamily family) {
    return isLive(namespace, name) && !(family == IpFamily.IPV4 && losingAllIpv4Addresses.contains(new LinkRef(namespace, name)));
  }

  void blockNetwork(String network) {
    blockedNetworks.add(network);
  }

  void blockContainer(String container) {
    blockedContainers.add(container);
  }

  boolean isBlocked(Container container) {
    return blockedContainers.contains(container.name()) || absentContainers.contains(container.name())
        || blockedNetworks.contains(container.network());
  }

  boolean isNetworkBlocked(String network) {
    return blockedNetworks.contains(network);
  }

  /** The containers the plan can act on: declared, present, and not blocked by a conflict. */
  List<Container> activeContainers() {
    return desired.containers().stream().filter(c -> !isBlocked(c)).toList();
  }
}
