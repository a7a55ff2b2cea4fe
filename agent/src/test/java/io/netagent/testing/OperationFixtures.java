package io.netagent.testing;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.Address;
import io.netagent.observed.AddressFlag;
import io.netagent.observed.FdbEntry;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.Neighbour;
import io.netagent.observed.Ownership;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.observed.Route;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddFdbEntry;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveAddress;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetMaster;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import io.netagent.operations.SetUp;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Short builders for the kernel operations tests apply and for the observed values they expect,
 * shared by the FakeKernel tests and the differential test (integration-tests, through agent's
 * test-jar). Every operation has the reason {@link #WHY}.
 *
 * <p>MACs come two ways: as text ({@link #mac}, "02:42:0a:4d:00:01"), or derived from a word
 * ({@link #macFor}, the same word always giving the same MAC). A builder that takes a MAC as a
 * {@code String} parses it as text; the builders without a MAC derive it from the link's name.
 */
public final class OperationFixtures {
  public static final NamespaceRef HOST = NamespaceRef.HOST;
  public static final Reason WHY = Reason.MISSING;
  public static final int MTU = 1500;

  private OperationFixtures() {}

  // ---------------------------------------------------------------------------------------------
  // Values

  public static InterfaceName name(String value) {
    return InterfaceName.of(value);
  }

  /** The MAC written as {@code text}, e.g. "02:42:0a:4d:00:01". */
  public static MacAddress mac(String text) {
    return MacAddress.parse(text);
  }

  /** A MAC derived from {@code seed}: the same seed always gives the same MAC, different seeds (almost always) different ones. */
  public static MacAddress macFor(String seed) {
    return MacAddress.fromId(seed.hashCode());
  }

  public static Ipv4Address ip(String text) {
    return Ipv4Address.parse(text);
  }

  public static Ipv4Subnet subnet(String text) {
    return Ipv4Subnet.parse(text);
  }

  public static NamespaceRef.Named named(String name) {
    return new NamespaceRef.Named(name);
  }

  // ---------------------------------------------------------------------------------------------
  // Links

  /** A bridge with MTU {@link #MTU} and a MAC derived from its name, as netagent creates the bridge of a network named like the bridge. */
  public static CreateBridge bridge(String name) {
    return bridge(name, MTU);
  }

  /** A bridge with a MAC derived from its name, as netagent creates the bridge of a network named like the bridge. */
  public static CreateBridge bridge(String name, int mtu) {
    return bridge(name, mtu, Ownership.bridgeAlias(name));
  }

  /** A bridge with a MAC derived from its name and the alias {@code alias} (in netagent's link group if the alias is netagent's). */
  public static CreateBridge bridge(String name, int mtu, String alias) {
    return bridge(name, macFor(name), mtu, alias);
  }

  /** A bridge with MTU {@link #MTU} and the MAC written {@code mac}, as netagent creates the bridge of network "lab". */
  public static CreateBridge bridge(String name, String mac) {
    return bridge(name, mac, MTU);
  }

  /** A bridge with the MAC written {@code mac}, as netagent creates the bridge of network "lab". */
  public static CreateBridge bridge(String name, String mac, int mtu) {
    return bridge(name, mac(mac), mtu, Ownership.bridgeAlias("lab"));
  }

  /** A bridge, in netagent's link group if {@code alias} is netagent's, and not otherwise. */
  public static CreateBridge bridge(String name, MacAddress mac, int mtu, String alias) {
    return new CreateBridge(name(name), mac, mtu, Ownership.isOwnedAlias(alias) ? Ownership.LINK_GROUP : 0, alias, WHY);
  }

  /**
   * A veth pair with MTU {@link #MTU} whose host end's MAC is derived from its name (the peer's is
   * that MAC with the lowest bit flipped), as netagent creates it for container {@code hostName}
   * on network "net".
   */
  public static CreateVethPair veth(String hostName, NamespaceRef peerNamespace, String peerName) {
    return veth(hostName, peerNamespace, peerName, MTU);
  }

  /** As {@link #veth(String, NamespaceRef, String)}, with MTU {@code mtu}. */
  public static CreateVethPair veth(String hostName, NamespaceRef peerNamespace, String peerName, int mtu) {
    MacAddress hostMac = macFor(hostName);
    return veth(hostName, hostMac, peerNamespace, peerName, hostMac.withLowestBitFlipped(), mtu, Ownership.vethAlias("net", hostName));
  }

  /**
   * A veth pair with MTU {@link #MTU} whose peer has the MAC written {@code peerMac}, as netagent
   * creates it for container {@code hostName} on network "lab": the host end's MAC is the peer's
   * with the lowest bit flipped.
   */
  public static CreateVethPair veth(String hostName, NamespaceRef peerNamespace, String peerName, String peerMac) {
    return veth(hostName, peerNamespace, peerName, peerMac, MTU);
  }

  /** As {@link #veth(String, NamespaceRef, String, String)}, with MTU {@code mtu}. */
  public static CreateVethPair veth(String hostName, NamespaceRef peerNamespace, String peerName, String peerMac, int mtu) {
    return veth(hostName, mac(peerMac).withLowestBitFlipped(), peerNamespace, peerName, mac(peerMac), mtu,
        Ownership.vethAlias("lab", hostName));
  }

  /** A veth pair in netagent's link group, every value given. */
  public static CreateVethPair veth(String hostName, MacAddress hostMac, NamespaceRef peerNamespace, String peerName, MacAddress peerMac,
      int mtu, String alias) {
    return new CreateVethPair(name(hostName), hostMac, peerNamespace, name(peerName), peerMac, mtu, Ownership.LINK_GROUP, alias, WHY);
  }

  public static DeleteLink deleteLink(NamespaceRef namespace, String name) {
    return new DeleteLink(namespace, name(name), "", WHY);
  }

  public static SetUp up(NamespaceRef namespace, String link) {
    return new SetUp(namespace, name(link), WHY);
  }

  /** Makes {@code port}, in the host namespace, a port of {@code bridge}. */
  public static SetMaster attach(String port, String bridge) {
    return new SetMaster(HOST, name(port), name(bridge), WHY);
  }

  // ---------------------------------------------------------------------------------------------
  // Namespaces, addresses, routes

  public static CreateNamespace createNamespace(String name) {
    return new CreateNamespace(named(name), WHY);
  }

  public static Address address(String link, String cidr) {
    return new Address(name(link), Ipv4Cidr.parse(cidr));
  }

  /** An IPv6 address. */
  public static Address address6(String link, String cidr) {
    String[] parts = cidr.split("/");
    return new Address(name(link), new Ipv6Cidr(Ipv6Address.parse(parts[0]), Integer.parseInt(parts[1])));
  }

  public static AddAddress addAddress6(NamespaceRef namespace, String link, String cidr) {
    return new AddAddress(namespace, address6(link, cidr), WHY);
  }

  /** An IPv6 address as the kernel shows one netagent added: flagged nodad. */
  public static Address added6(String link, String cidr) {
    return address6(link, cidr).withFlags(Set.of(AddressFlag.NODAD));
  }

  public static RemoveAddress removeAddress6(NamespaceRef namespace, String link, String cidr) {
    return new RemoveAddress(namespace, address6(link, cidr), WHY);
  }

  /** An IPv6 route as netagent installs it (its protocol); {@code gateway} may be null. */
  public static Route route6(String destination, String gateway, String link) {
    return new Route(Ipv6Subnet.parse(destination), Optional.ofNullable(gateway).map(Ipv6Address::parse), name(link), Ownership.ROUTE_PROTOCOL);
  }

  /** The route the kernel adds for the prefix of an IPv6 address. */
  public static Route prefixRoute6(String destination, String link) {
    return new Route(Ipv6Subnet.parse(destination), Optional.empty(), name(link), Route.PROTOCOL_KERNEL);
  }

  public static AddAddress addAddress(NamespaceRef namespace, String link, String cidr) {
    return new AddAddress(namespace, address(link, cidr), WHY);
  }

  public static RemoveAddress removeAddress(NamespaceRef namespace, String link, String cidr) {
    return new RemoveAddress(namespace, address(link, cidr), WHY);
  }

  /** A route as netagent installs it (its protocol); {@code gateway} may be null. */
  public static Route route(String destination, String gateway, String link) {
    return new Route(subnet(destination), Optional.ofNullable(gateway).map(Ipv4Address::parse), name(link), Ownership.ROUTE_PROTOCOL);
  }

  /** The route the kernel adds for the subnet of an address. */
  public static Route subnetRoute(String destination, String link) {
    return new Route(subnet(destination), Optional.empty(), name(link), Route.PROTOCOL_KERNEL);
  }

  public static AddRoute addRoute(NamespaceRef namespace, Route route) {
    return new AddRoute(namespace, route, WHY);
  }

  // ---------------------------------------------------------------------------------------------
  // Neighbours and the bridge forwarding database

  public static Neighbour neighbour(String link, String ip, MacAddress mac) {
    return new Neighbour(name(link), ip(ip), mac);
  }

  /** A neighbour with the MAC written {@code mac}. */
  public static Neighbour neighbour(String link, String ip, String mac) {
    return neighbour(link, ip, mac(mac));
  }

  public static Neighbour neighbour6(String link, String ip, MacAddress mac) {
    return new Neighbour(name(link), Ipv6Address.parse(ip), mac);
  }

  public static ProxyNeighbour proxy(String link, String ip) {
    return new ProxyNeighbour(name(link), Ipv6Address.parse(ip));
  }

  public static AddProxyNeighbour addProxy(String link, String ip) {
    return new AddProxyNeighbour(proxy(link, ip), WHY);
  }

  public static RemoveProxyNeighbour removeProxy(String link, String ip) {
    return new RemoveProxyNeighbour(proxy(link, ip), WHY);
  }

  public static SetNeighbour setNeighbour(Neighbour neighbour) {
    return new SetNeighbour(neighbour, WHY);
  }

  /** Sets a neighbour with the MAC written {@code mac}. */
  public static SetNeighbour setNeighbour(String link, String ip, String mac) {
    return setNeighbour(neighbour(link, ip, mac));
  }

  public static FdbEntry staticFdb(String port, MacAddress mac) {
    return new FdbEntry(name(port), mac, FdbEntry.Kind.STATIC);
  }

  /** A static entry with the MAC written {@code mac}. */
  public static FdbEntry staticFdb(String port, String mac) {
    return staticFdb(port, mac(mac));
  }

  public static FdbEntry localFdb(String bridge, MacAddress mac) {
    return new FdbEntry(name(bridge), mac, FdbEntry.Kind.LOCAL);
  }

  /** A local entry with the MAC written {@code mac}. */
  public static FdbEntry localFdb(String bridge, String mac) {
    return localFdb(bridge, mac(mac));
  }

  public static AddFdbEntry addFdb(FdbEntry entry) {
    return new AddFdbEntry(entry, WHY);
  }

  // ---------------------------------------------------------------------------------------------
  // Sysctls and NAT

  public static SetSysctl sysctl(NamespaceRef namespace, String key, String value) {
    return new SetSysctl(namespace, key, value, WHY);
  }

  /** Replaces the NAT table with {@code ruleset}, listing no changes; {@code staleFlows}: the mappings whose conntrack entries go. */
  public static ReplaceNatTable replaceNat(NatRuleset ruleset, List<PortMapping> staleFlows) {
    return new ReplaceNatTable(ruleset, List.of(), staleFlows, WHY);
  }
}
