package io.netagent.config;

import io.netagent.model.Bridge;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Container;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.Mtu;
import io.netagent.model.NamespaceRef;
import io.netagent.model.ObjectName;
import io.netagent.model.PublishedPort;
import io.netagent.model.StableId;
import io.netagent.model.VethEndpoint;
import io.netagent.model.VethPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads one entry of {@code containers} into a {@link ContainerSpec}, reporting every problem in it. */
final class ContainerResolver {
  static final String DEFAULT_INTERFACE = "eth0";

  private ContainerResolver() {}

  /**
   * A container of the file: its ip is required on a network with IPv4; its ip6, when it names
   * none on a network with IPv6, is {@code allocate6}'s to choose.
   *
   * @param networks the networks that resolved, by name
   * @param networkNames every network name declared, including those with problems of their own
   * @param claims receives every well-formed published port, even of a container that fails
   */
  static Optional<ContainerSpec> resolve(Fields f, Convert convert, Map<String, NetworkSpec> networks, List<String> networkNames,
      List<PortClaim> claims, Function<NetworkSpec, Optional<Ipv6Address>> allocate6) {
    return resolve(f, convert, networks, networkNames, claims, true, allocate6);
  }

  /**
   * @param ipRequired false where a missing address is not the request's fault: an attachment
   *     request names none to have one allocated, which cannot happen while its network is unknown
   *     (that problem is reported instead)
   * @param allocate6 the ip6 of a container that names none on a network with IPv6, or empty
   *     when no address is left
   */
  static Optional<ContainerSpec> resolve(Fields f, Convert convert, Map<String, NetworkSpec> networks, List<String> networkNames,
      List<PortClaim> claims, boolean ipRequired, Function<NetworkSpec, Optional<Ipv6Address>> allocate6) {
    Optional<Value<String>> name = convert.apply(f.string("name", true), n -> ObjectName.requireValid("container", n));
    Optional<Value<String>> network = f.string("network", true);
    Optional<Value<NamespaceRef>> namespace = convert.apply(f.string("namespace", false), NamespaceRef::parse);
    Optional<Value<Boolean>> create = f.bool("createNamespace", false);
    Optional<Value<InterfaceName>> hostInterface = convert.apply(f.string("hostInterface", false), InterfaceName::new);
    Optional<Value<InterfaceName>> iface = convert.apply(f.string("interface", false), InterfaceName::new);
    NetworkSpec net = network.map(n -> networks.get(n.value())).orElse(null);
    boolean hasIpv4 = net == null || net.bridge().ipv4().isPresent();
    Optional<Value<Ipv4Address>> ip = convert.apply(f.string("ip", ipRequired && hasIpv4), Ipv4Address::parse);
    Optional<Value<Ipv6Address>> ip6 = convert.apply(f.string("ip6", false), Ipv6Address::parse);
    Optional<Value<MacAddress>> mac = convert.apply(f.string("mac", false), NetworkResolver::unicastMac);
    Optional<Value<Integer>> mtu = convert.apply(f.integer("mtu", false), Mtu::requireValid);
    boolean mtuBelowIpv6 = false;
    if (mtu.isPresent() && net != null && net.bridge().ipv6().isPresent()) {
      Optional<String> why = Mtu.ipv6Problem(mtu.get().value());
      why.ifPresent(w -> convert.problem(mtu.get().location(), mtu.get().path(),
          w + ": a container on network \"" + net.name().value() + "\", which has \"subnet6\", needs an mtu of " + Mtu.IPV6_MIN + " or more"));
      mtuBelowIpv6 = why.isPresent();
    }
    List<Value<PublishedPort>> ports = new ArrayList<>();
    List<Fields> portFields = f.objects("ports", "port", Schema.PORT, false);

    if (network.isPresent() && net == null && !networkNames.contains(network.get().value())) {
      convert.problem(network.get().location(), network.get().path(), "unknown network \"" + network.get().value()
          + "\"" + (networkNames.isEmpty() ? " (no networks are declared)" : " (declared: " + String.join(", ", networkNames) + ")"));
    }
    boolean wrongFamily = false;
    if (ip.isPresent() && net != null) {
      wrongFamily = !checkAddress(ip.get(), net, convert);
    }
    Optional<Ipv6Address> address6 = Optional.empty();
    if (ip6.isPresent() && net != null) {
      wrongFamily |= !checkAddress6(ip6.get(), net, convert);
      address6 = ip6.map(Value::value);
    } else if (net != null && net.bridge().ipv6().isPresent() && name.isPresent()) {
      address6 = allocate6.apply(net);
      if (address6.isEmpty()) {
        Ipv6Subnet range = net.allocate6().orElse(net.bridge().ipv6().orElseThrow().subnet());
        convert.problem(name.get().location(), name.get().path(), "no free IPv6 address left in " + range + " of network " + net.name().value()
            + " for container " + name.get().value() + ": name an ip6");
      }
    }
    boolean createOnPath = namespace.isPresent() && create.map(Value::value).orElse(false)
        && !(namespace.get().value() instanceof NamespaceRef.Named);
    if (createOnPath) {
      convert.problem(create.get().location(), create.get().path(),
          "createNamespace needs a namespace name under /run/netns, not the path " + namespace.get().value().display());
    }
    String owner = name.map(n -> "container " + n.value()).orElse(f.path());
    for (Fields p : portFields) {
      PortResolver.port(p, convert, Optional.ofNullable(net), owner, claims).ifPresent(ports::add);
    }
    boolean failed = name.isEmpty() || net == null || (net.bridge().ipv4().isPresent() && ip.isEmpty())
        || (net.bridge().ipv6().isPresent() && address6.isEmpty()) || wrongFamily
        || (f.has("namespace") && namespace.isEmpty()) || (f.has("hostInterface") && hostInterface.isEmpty())
        || (f.has("interface") && iface.isEmpty()) || (f.has("mac") && mac.isEmpty()) || (f.has("mtu") && mtu.isEmpty()) || mtuBelowIpv6
        || ports.size() != portFields.size() || (f.has("createNamespace") && create.isEmpty()) || createOnPath;
    if (failed) {
      return Optional.empty();
    }

    String ctr = name.get().value();
    String netName = net.name().value();
    NamespaceRef ns = namespace.map(Value::value).orElseGet(() -> new NamespaceRef.Named(ctr));
    int linkMtu = mtu.map(Value::value).orElse(net.bridge().mtu());
    MacAddress hostMac = MacAddress.fromId(StableId.of(netName, ctr));
    MacAddress ctrMac = mac.map(Value::value).orElse(hostMac.withLowestBitFlipped());
    if (ctrMac.equals(hostMac)) {
      hostMac = hostMac.withLowestBitFlipped();
    }
    InterfaceName hostName = hostInterface.map(Value::value).orElseGet(() -> defaultHostInterface(netName, ctr));
    InterfaceName ctrName = iface.map(Value::value).orElse(InterfaceName.of(DEFAULT_INTERFACE));
    Bridge bridge = net.bridge();
    Optional<Ipv4Cidr> cidr = ip.map(v -> new Ipv4Cidr(v.value(), bridge.ipv4().orElseThrow().subnet().prefixLength()));
    Optional<Ipv6Cidr> cidr6 = address6.map(a -> new Ipv6Cidr(a, bridge.ipv6().orElseThrow().subnet().prefixLength()));
    VethEndpoint hostEnd = new VethEndpoint(hostName, ctrName, hostMac, Optional.empty(), Optional.empty(), linkMtu, true, NamespaceRef.HOST);
    VethEndpoint ctrEnd = new VethEndpoint(ctrName, hostName, ctrMac, cidr, cidr6, linkMtu, true, ns);
    boolean createNamespace = create.map(Value::value).orElse(false);
    List<PublishedPort> published = ports.stream().map(Value::value).toList();
    Spot nameSpot = Spot.of(name.get());
    return convert.build(nameSpot.location(), nameSpot.path(),
            () -> new Container(ctr, netName, new VethPair(hostEnd, ctrEnd), createNamespace, published))
        .map(c -> new ContainerSpec(name.get(), c, ip.<Spot>map(Spot::of).orElse(nameSpot), ip6.<Spot>map(Spot::of).orElse(nameSpot),
            mac.<Spot>map(Spot::of).orElse(nameSpot), hostInterface.<Spot>map(Spot::of).orElse(nameSpot),
            namespace.<Spot>map(Spot::of).orElse(nameSpot)));
  }

  /**
   * {@code veth-NAME} when that fits the kernel's 15 bytes, else {@code veth-} and 10 hex digits
   * of a hash of network and container: stable across runs, always a valid name.
   */
  static InterfaceName defaultHostInterface(String network, String container) {
    String simple = "veth-" + container;
    if (simple.getBytes(StandardCharsets.UTF_8).length <= InterfaceName.MAX_BYTES) {
      return InterfaceName.of(simple);
    }
    return InterfaceName.of("veth-" + StableId.hex(10, network, container));
  }

  /** Reports what is wrong with {@code ip} on {@code net}; false when the network has no IPv4 at all. */
  private static boolean checkAddress(Value<Ipv4Address> ip, NetworkSpec net, Convert convert) {
    Ipv4Address address = ip.value();
    String netName = net.name().value();
    if (net.bridge().ipv4().isEmpty()) {
      convert.problem(ip.location(), ip.path(), "ip " + address + " is an IPv4 address, but network " + netName
          + " has no \"subnet\" (it is IPv6-only)");
      return false;
    }
    BridgeIpv4 ipv4 = net.bridge().ipv4().get();
    if (!ipv4.subnet().contains(address)) {
      convert.problem(ip.location(), ip.path(), address + " is outside subnet " + ipv4.subnet() + " of network " + netName);
    } else if (address.equals(ipv4.gateway())) {
      convert.problem(ip.location(), ip.path(), address + " is the gateway of network " + netName);
    } else if (ipv4.subnet().isReserved(address)) {
      convert.problem(ip.location(), ip.path(), address + " is the network or broadcast address of " + ipv4.subnet());
    } else if (net.bridge().lookupArpProxy(address).isPresent()) {
      convert.problem(ip.location(), ip.path(), address + " is an ARP proxy entry of network " + netName);
    }
    return true;
  }

  /** Reports what is wrong with {@code ip6} on {@code net}; false when the network has no IPv6 at all. */
  private static boolean checkAddress6(Value<Ipv6Address> ip6, NetworkSpec net, Convert convert) {
    Ipv6Address address = ip6.value();
    String netName = net.name().value();
    if (net.bridge().ipv6().isEmpty()) {
      convert.problem(ip6.location(), ip6.path(), "ip6 " + address + " is an IPv6 address, but network " + netName
          + " has no \"subnet6\" (it is IPv4-only)");
      return false;
    }
    BridgeIpv6 ipv6 = net.bridge().ipv6().get();
    Optional<String> use = address.specialUse();
    if (use.isPresent()) {
      convert.problem(ip6.location(), ip6.path(), address + " is " + use.get() + ": a container's ip6 is an address of subnet6 "
          + ipv6.subnet() + " of network " + netName);
    } else if (!ipv6.subnet().contains(address)) {
      convert.problem(ip6.location(), ip6.path(), address + " is outside subnet6 " + ipv6.subnet() + " of network " + netName);
    } else if (address.equals(ipv6.gateway())) {
      convert.problem(ip6.location(), ip6.path(), address + " is the gateway6 of network " + netName);
    } else {
      ipv6.subnet().reservation(address).ifPresent(r -> convert.problem(ip6.location(), ip6.path(), address + " is " + r));
    }
    return true;
  }
}
