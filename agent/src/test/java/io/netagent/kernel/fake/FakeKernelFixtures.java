package io.netagent.kernel.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Address;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.Neighbour;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetUp;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builders for the operations the FakeKernel tests apply, and short ways to read its state back. */
final class FakeKernelFixtures {
  static final NamespaceRef HOST = NamespaceRef.HOST;
  static final Reason WHY = Reason.MISSING;
  static final int MTU = 1500;

  private FakeKernelFixtures() {}

  static InterfaceName name(String value) {
    return InterfaceName.of(value);
  }

  static MacAddress mac(String seed) {
    return MacAddress.fromId(seed.hashCode());
  }

  static Ipv4Address ip(String text) {
    return Ipv4Address.parse(text);
  }

  static NamespaceRef.Named named(String name) {
    return new NamespaceRef.Named(name);
  }

  static CreateBridge bridge(String name) {
    return bridge(name, MTU);
  }

  static CreateBridge bridge(String name, int mtu) {
    return bridge(name, mtu, Ownership.bridgeAlias(name));
  }

  static CreateBridge bridge(String name, int mtu, String alias) {
    return new CreateBridge(name(name), mac(name), mtu, Ownership.isOwnedAlias(alias) ? Ownership.LINK_GROUP : 0, alias, WHY);
  }

  static CreateVethPair veth(String hostName, NamespaceRef peerNamespace, String peerName) {
    return veth(hostName, peerNamespace, peerName, MTU);
  }

  static CreateVethPair veth(String hostName, NamespaceRef peerNamespace, String peerName, int mtu) {
    return new CreateVethPair(name(hostName), mac(hostName), peerNamespace, name(peerName), mac(hostName).withLowestBitFlipped(),
        mtu, Ownership.LINK_GROUP, Ownership.vethAlias("net", hostName), WHY);
  }

  static CreateNamespace createNamespace(String name) {
    return new CreateNamespace(named(name), WHY);
  }

  static DeleteLink deleteLink(NamespaceRef namespace, String name) {
    return new DeleteLink(namespace, name(name), "", WHY);
  }

  static SetUp up(NamespaceRef namespace, String link) {
    return new SetUp(namespace, name(link), WHY);
  }

  static SetMaster attach(String port, String bridge) {
    return new SetMaster(HOST, name(port), name(bridge), WHY);
  }

  static Address address(String link, String cidr) {
    return new Address(name(link), Ipv4Cidr.parse(cidr));
  }

  static AddAddress addAddress(NamespaceRef namespace, String link, String cidr) {
    return new AddAddress(namespace, address(link, cidr), WHY);
  }

  static RemoveAddress removeAddress(NamespaceRef namespace, String link, String cidr) {
    return new RemoveAddress(namespace, address(link, cidr), WHY);
  }

  /** A route as netagent installs it; {@code gateway} may be null. */
  static Route route(String destination, String gateway, String link) {
    return new Route(Ipv4Subnet.parse(destination), Optional.ofNullable(gateway).map(Ipv4Address::parse), name(link),
        Ownership.ROUTE_PROTOCOL);
  }

  static Route subnetRoute(String destination, String link) {
    return new Route(Ipv4Subnet.parse(destination), Optional.empty(), name(link), Route.PROTOCOL_KERNEL);
  }

  static AddRoute addRoute(NamespaceRef namespace, Route route) {
    return new AddRoute(namespace, route, WHY);
  }

  static Neighbour neighbour(String link, String ip, String macSeed) {
    return new Neighbour(name(link), ip(ip), mac(macSeed));
  }

  static SetNeighbour setNeighbour(Neighbour neighbour) {
    return new SetNeighbour(neighbour, WHY);
  }

  static FdbEntry staticFdb(String port, String macSeed) {
    return new FdbEntry(name(port), mac(macSeed), FdbEntry.Kind.STATIC);
  }

  static FdbEntry localFdb(String bridge, String macSeed) {
    return new FdbEntry(name(bridge), mac(macSeed), FdbEntry.Kind.LOCAL);
  }

  static AddFdbEntry addFdb(FdbEntry entry) {
    return new AddFdbEntry(entry, WHY);
  }

  static void applyAll(FakeKernel kernel, Operation... operations) {
    for (Operation operation : operations) {
      kernel.apply(operation);
    }
  }

  /** The exception {@code call} must throw. */
  static KernelException refusal(ThrowingCallable call) {
    return refusal("the call", call);
  }

  static KernelException refusal(FakeKernel kernel, Operation operation) {
    return refusal(operation.command(), () -> kernel.apply(operation));
  }

  private static KernelException refusal(String what, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the kernel should refuse %s", what).isInstanceOf(KernelException.class);
    return (KernelException) thrown;
  }

  static NamespaceState host(FakeKernel kernel) {
    return kernel.observe(Scope.whole(Set.of())).host();
  }

  static NamespaceState namespace(FakeKernel kernel, NamespaceRef ref) {
    return kernel.observe(Scope.whole(Set.of(ref))).namespace(ref).orElseThrow();
  }

  static Link link(NamespaceState state, String name) {
    return state.link(name(name)).orElseThrow(() -> new AssertionError("no link " + name + " in " + state.links()));
  }
}
