package io.netagent.kernel.fake;

import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.AddressFlag;
import io.netagent.observed.Listener;
import io.netagent.observed.NamespaceId;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.ObservedState;
import io.netagent.observed.PortTraffic;
import io.netagent.operations.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An in-memory kernel that enforces the rules of the Linux one that netagent depends on: unique
 * names per namespace, 15-byte names, MTU bounds, EEXIST/ENODEV/EOPNOTSUPP, a port can only be
 * attached to a bridge, deleting one veth end deletes its peer, addresses and routes die with
 * their link, subnet routes exist only on up links; of IPv6 (docs/kernel-facts.md §11): addresses,
 * routes, permanent and proxy neighbour entries, the per-link settings and what down,
 * {@code disable_ipv6} and an MTU below 1280 take away. It serves dry-run planning and tests; a
 * differential test keeps it honest against the real kernel.
 *
 * <p>Not thread-safe: one caller at a time, as with one netagent process.
 */
public final class FakeKernel implements Kernel {
  private final Map<NamespaceRef, FakeNamespace> namespaces = new LinkedHashMap<>();
  private final Set<NamespaceRef> owned = new HashSet<>();
  private Optional<NatRuleset> nat = Optional.empty();
  private final Set<Listener> listeners = new HashSet<>();
  private final FakeOperations operations = new FakeOperations(this);
  private Set<NamespaceRef> watched = new HashSet<>();
  private Consumer<KernelEvent> listener;
  /** Namespaces that show another's identity: {@link #showAsSameNamespace}. */
  private final Map<NamespaceRef, NamespaceId> aliases = new HashMap<>();

  /** A kernel with only the host namespace, holding only {@code lo}. */
  public FakeKernel() {
    namespaces.put(NamespaceRef.HOST, new FakeNamespace(NamespaceRef.HOST));
  }

  /** Shows everything in every extent: a teardown or an incremental read may show more than it must, never less. */
  @Override
  public ObservedState observe(Scope scope) {
    Set<NamespaceRef> requested = scope.namespaces();
    Set<NamespaceRef> visible = new TreeSet<>();
    visible.add(NamespaceRef.HOST);
    visible.addAll(owned);
    requested.stream().filter(namespaces::containsKey).forEach(visible::add);
    Map<NamespaceRef, NamespaceState> states = new HashMap<>();
    visible.forEach(ns -> states.put(ns, namespaces.get(ns).snapshot(visible, ns instanceof NamespaceRef.Host)));
    Map<NamespaceRef, NamespaceId> identities = new HashMap<>();
    visible.forEach(ns -> identities.put(ns, aliases.getOrDefault(ns, namespaces.get(ns).id)));
    return new ObservedState(states, owned, nat, listeners, identities);
  }

  @Override
  public void apply(Operation operation) {
    operations.current = operation.command();
    operation.applyTo(operations);
    changed(operation.namespace(), operation.link());
  }

  /**
   * Hands the listener one link event per change, synchronously, when the namespace is
   * watched: enough for a watcher to re-read, as a real notification is.
   */
  @Override
  public void watch(Set<NamespaceRef> watched, Consumer<KernelEvent> listener) {
    this.watched = new HashSet<>(watched);
    this.watched.add(NamespaceRef.HOST);
    this.listener = listener;
  }

  /** Tells the watcher a link changed, as a real RTM_NEWLINK would; no link name means "anything may have". */
  private void changed(NamespaceRef ns, Optional<InterfaceName> link) {
    if (listener != null && watched.contains(ns)) {
      int index = link.map(n -> namespaces.get(ns).links.get(n)).map(l -> l.index).orElse(0);
      listener.accept(new KernelEvent(ns, KernelEvent.Kind.LINK, index, link, false, 0));
    }
  }

  @Override
  public Optional<String> namespaceProblem(NamespaceRef namespace) {
    return namespaces.containsKey(namespace) ? Optional.empty() : Optional.of("does not exist");
  }

  /** A counter at zero for each published port of its NAT table: no packet ever crosses this kernel. */
  @Override
  public List<PortTraffic> portTraffic() {
    List<PortTraffic> ports = new ArrayList<>();
    nat.ifPresent(n -> {
      n.mappings().forEach(m -> ports.add(new PortTraffic(IpFamily.IPV4, m.protocol(), m.hostIp().map(IpAddress.class::cast), m.hostPort(), 0, 0)));
      n.mappings6().forEach(m -> ports.add(new PortTraffic(IpFamily.IPV6, m.protocol(), m.hostIp().map(IpAddress.class::cast), m.hostPort(), 0, 0)));
    });
    return ports;
  }

  @Override
  public String description() {
    return "in-memory kernel";
  }

  /**
   * Makes {@code alias} show the identity of {@code of}, as a second name of one namespace (a
   * symlink, another path) would; its contents stay its own, which is enough for a planner that
   * must refuse it before it wires anything.
   */
  public void showAsSameNamespace(NamespaceRef alias, NamespaceRef of) {
    aliases.put(alias, namespaces.get(of).id);
  }

  /**
   * Creates a namespace the way someone else would ({@code ip netns add}): netagent does not own
   * it. A watcher that follows it hears {@link KernelEvent.Kind#NAMESPACE_APPEARED}, as the real
   * adapter tells it.
   */
  public void addNamespace(NamespaceRef ref) {
    if (namespaces.containsKey(ref)) {
      throw new KernelException("ip netns add " + ref.display(), Errno.EEXIST, "");
    }
    namespaces.put(ref, new FakeNamespace(ref));
    if (listener != null && watched.contains(ref)) {
      listener.accept(KernelEvent.namespaceAppeared(ref));
    }
  }

  /**
   * Deletes a namespace the way someone else would ({@code ip netns del}, or the last process in
   * it ending, as for a container's {@code /proc/PID/ns/net}): the veths in it take their other
   * ends with them. A watcher hears {@link KernelEvent.Kind#NAMESPACE_GONE}, as the real adapter
   * tells it once it let go of the namespace, and the namespace is no longer watched (until the
   * next {@link #watch}); a namespace netagent created is no longer its own.
   */
  public void deleteNamespace(NamespaceRef ref) {
    if (ref instanceof NamespaceRef.Host) {
      throw new IllegalArgumentException("the host namespace is not deleted");
    }
    namespace("ip netns del " + ref.display(), ref);
    Set<NamespaceRef> peers = drop(ref);
    owned.remove(ref);
    boolean followed = watched.remove(ref);
    peers.forEach(ns -> changed(ns, Optional.empty()));
    if (listener != null && followed) {
      listener.accept(KernelEvent.namespaceGone(ref));
    }
  }

  /** Removes a namespace and the other ends of the veths in it; returns the namespaces those were in. */
  Set<NamespaceRef> drop(NamespaceRef ref) {
    Set<NamespaceRef> peers = new TreeSet<>();
    for (FakeLink link : new ArrayList<>(namespaces.get(ref).links.values())) {
      if (link.peer != null) {
        namespaces.get(link.peerNamespace).removeLink(link.peer);
        peers.add(link.peerNamespace);
      }
    }
    namespaces.remove(ref);
    return peers;
  }

  /** Adds a device that is neither bridge nor veth, such as a NIC or a dummy. */
  public void addDevice(NamespaceRef ref, InterfaceName name, String kind, MacAddress mac, int mtu) {
    FakeNamespace ns = namespace("ip link add " + name, ref);
    FakeOperations.requireFreeName("ip link add " + name, ns, name);
    ns.addLink(name, kind, mac, mtu);
  }

  /** A host process starts listening on {@code listener}. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Gives a link an alternative name, as {@code ip link property add dev NAME altname ALT} does. */
  public void addAltName(NamespaceRef ref, InterfaceName name, InterfaceName alt) {
    String op = "ip link property add dev " + name + " altname " + alt;
    FakeNamespace ns = namespace(op, ref);
    FakeOperations.requireFreeName(op, ns, alt);
    ns.link(op, name).altNames.add(alt);
  }

  /** Sets a link down the way an operator would ({@code ip link set NAME down}). */
  public void setDown(NamespaceRef ref, InterfaceName name) {
    String op = "ip link set " + name + " down";
    namespace(op, ref).linkDown(namespace(op, ref).link(op, name));
    changed(ref, Optional.of(name));
  }

  /**
   * Makes an IPv6 address as the kernel leaves one whose duplicate address detection met a
   * duplicate: still there, flagged dadfailed and unusable (docs/kernel-facts.md §11A). Only an
   * address added without nodad can get there (by hand, or by another tool).
   */
  public void failDad(NamespaceRef ref, InterfaceName link, IpCidr cidr) {
    String op = "ip addr add " + cidr + " dev " + link;
    FakeNamespace ns = namespace(op, ref);
    int i = ns.addresses.indexOf(ns.addresses.stream().filter(a -> a.link().equals(link) && a.cidr().equals(cidr)).findFirst()
        .orElseThrow(() -> new KernelException(op, Errno.EADDRNOTAVAIL, "")));
    ns.addresses.set(i, ns.addresses.get(i).withFlags(Set.of(AddressFlag.DADFAILED)));
    changed(ref, Optional.of(link));
  }

  FakeNamespace namespace(String operation, NamespaceRef ref) {
    FakeNamespace ns = namespaces.get(ref);
    if (ns == null) {
      throw new KernelException(operation, Errno.ENOENT, "");
    }
    return ns;
  }

  Map<NamespaceRef, FakeNamespace> namespaces() {
    return namespaces;
  }

  Set<NamespaceRef> owned() {
    return owned;
  }

  Optional<NatRuleset> nat() {
    return nat;
  }

  void setNat(Optional<NatRuleset> ruleset) {
    nat = ruleset;
  }
}
