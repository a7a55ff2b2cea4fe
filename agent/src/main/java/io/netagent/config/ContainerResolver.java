package io.netagent.config;

import io.netagent.model.BridgeIpv4;
import io.netagent.model.Container;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.MacAddress;
import io.netagent.model.ModelException;
import io.netagent.model.Mtu;
import io.netagent.model.NamespaceRef;
import io.netagent.model.ObjectName;
import io.netagent.model.IpAddress;
import io.netagent.model.PortMapping;
import io.netagent.model.PublishedPort;
import io.netagent.model.Protocol;
import io.netagent.model.StableId;
import io.netagent.model.VethEndpoint;
import io.netagent.model.VethPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one entry of {@code containers} into a {@link ContainerSpec}, reporting every problem in it. */
final class ContainerResolver {
  static final String DEFAULT_INTERFACE = "eth0";

  private ContainerResolver() {}

  /**
   * @param networks the networks that resolved, by name
   * @param networkNames every network name declared, including those with problems of their own
   * @param claims receives every well-formed published port, even of a container that fails
   */
  static Optional<ContainerSpec> resolve(
      Fields f, Convert convert, Map<String, NetworkSpec> networks, List<String> networkNames, List<PortClaim> claims) {
    return resolve(f, convert, networks, networkNames, claims, true);
  }

  /**
   * @param ipRequired false where a missing address is not the request's fault: an attachment
   *     request names none to have one allocated, which cannot happen while its network is unknown
   *     (that problem is reported instead)
   */
  static Optional<ContainerSpec> resolve(Fields f, Convert convert, Map<String, NetworkSpec> networks, List<String> networkNames,
      List<PortClaim> claims, boolean ipRequired) {
    Optional<Value<String>> name = convert.apply(f.string("name", true), n -> ObjectName.requireValid("container", n));
    Optional<Value<String>> network = f.string("network", true);
    Optional<Value<NamespaceRef>> namespace = convert.apply(f.string("namespace", false), NamespaceRef::parse);
    Optional<Value<Boolean>> create = f.bool("createNamespace", false);
    Optional<Value<InterfaceName>> hostInterface = convert.apply(f.string("hostInterface", false), InterfaceName::new);
    Optional<Value<InterfaceName>> iface = convert.apply(f.string("interface", false), InterfaceName::new);
    Optional<Value<Ipv4Address>> ip = convert.apply(f.string("ip", ipRequired), Ipv4Address::parse);
    Optional<Value<MacAddress>> mac = convert.apply(f.string("mac", false), NetworkResolver::unicastMac);
    Optional<Value<Integer>> mtu = convert.apply(f.integer("mtu", false), Mtu::requireValid);
    List<Value<PublishedPort>> ports = new ArrayList<>();
    List<Fields> portFields = f.objects("ports", "port", Schema.PORT, false);

    NetworkSpec net = null;
    if (network.isPresent()) {
      net = networks.get(network.get().value());
      if (net == null && !networkNames.contains(network.get().value())) {
        convert.problem(network.get().location(), network.get().path(), "unknown network \"" + network.get().value()
            + "\"" + (networkNames.isEmpty() ? " (no networks are declared)" : " (declared: " + String.join(", ", networkNames) + ")"));
      }
    }
    if (ip.isPresent() && net != null) {
      checkAddress(ip.get(), net, convert);
    }
    boolean createOnPath = namespace.isPresent() && create.map(Value::value).orElse(false)
        && !(namespace.get().value() instanceof NamespaceRef.Named);
    if (createOnPath) {
      convert.problem(create.get().location(), create.get().path(),
          "createNamespace needs a namespace name under /run/netns, not the path " + namespace.get().value().display());
    }
    String owner = name.map(n -> "container " + n.value()).orElse(f.path());
    for (Fields p : portFields) {
      port(p, convert, ip.map(Value::value), owner, claims).ifPresent(ports::add);
    }
    boolean failed = name.isEmpty() || net == null || ip.isEmpty()
        || (f.has("namespace") && namespace.isEmpty()) || (f.has("hostInterface") && hostInterface.isEmpty())
        || (f.has("interface") && iface.isEmpty()) || (f.has("mac") && mac.isEmpty()) || (f.has("mtu") && mtu.isEmpty())
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
    Ipv4Cidr cidr = new Ipv4Cidr(ip.get().value(), net.bridge().ipv4().orElseThrow().subnet().prefixLength());
    VethEndpoint hostEnd = new VethEndpoint(hostName, ctrName, hostMac, Optional.empty(), Optional.empty(), linkMtu, true, NamespaceRef.HOST);
    VethEndpoint ctrEnd = new VethEndpoint(ctrName, hostName, ctrMac, Optional.of(cidr), Optional.empty(), linkMtu, true, ns);
    boolean createNamespace = create.map(Value::value).orElse(false);
    List<PublishedPort> mappings = ports.stream().map(Value::value).toList();
    Spot nameSpot = Spot.of(name.get());
    return convert.build(nameSpot.location(), nameSpot.path(), () -> new Container(ctr, netName, new VethPair(hostEnd, ctrEnd), createNamespace, mappings))
        .map(c -> new ContainerSpec(name.get(), c, Spot.of(ip.get()), mac.<Spot>map(Spot::of).orElse(nameSpot),
            hostInterface.<Spot>map(Spot::of).orElse(nameSpot), namespace.<Spot>map(Spot::of).orElse(nameSpot)));
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

  private static void checkAddress(Value<Ipv4Address> ip, NetworkSpec net, Convert convert) {
    Ipv4Address address = ip.value();
    String netName = net.name().value();
    BridgeIpv4 ipv4 = net.bridge().ipv4().orElseThrow();
    if (!ipv4.subnet().contains(address)) {
      convert.problem(ip.location(), ip.path(), address + " is outside subnet " + ipv4.subnet() + " of network " + netName);
    } else if (address.equals(ipv4.gateway())) {
      convert.problem(ip.location(), ip.path(), address + " is the gateway of network " + netName);
    } else if (ipv4.subnet().isReserved(address)) {
      convert.problem(ip.location(), ip.path(), address + " is the network or broadcast address of " + ipv4.subnet());
    } else if (net.bridge().lookupArpProxy(address).isPresent()) {
      convert.problem(ip.location(), ip.path(), address + " is an ARP proxy entry of network " + netName);
    }
  }

  private static Optional<Value<PublishedPort>> port(
      Fields p, Convert convert, Optional<Ipv4Address> containerIp, String owner, List<PortClaim> claims) {
    Optional<Value<Integer>> host = convert.apply(p.integer("host", true), n -> portNumber("host", n));
    Optional<Value<Integer>> container = convert.apply(p.integer("container", true), n -> portNumber("container", n));
    Optional<Value<Protocol>> protocol = convert.apply(p.string("protocol", false), Protocol::parse);
    Optional<Value<Optional<Ipv4Address>>> hostIp = convert.apply(p.string("hostIp", false), ContainerResolver::hostIp);
    if (host.isPresent() && (!p.has("protocol") || protocol.isPresent())) {
      PortMapping.Key key = new PortMapping.Key(host.get().value(), protocol.map(Value::value).orElse(Protocol.TCP));
      claims.add(new PortClaim(key, owner, host.get().location(), p.path() + ".host"));
    }
    boolean failed = host.isEmpty() || container.isEmpty() || containerIp.isEmpty()
        || (p.has("protocol") && protocol.isEmpty()) || (p.has("hostIp") && hostIp.isEmpty());
    if (failed) {
      return Optional.empty();
    }
    PublishedPort mapping = new PublishedPort(host.get().value(), container.get().value(),
        protocol.map(Value::value).orElse(Protocol.TCP), hostIp.flatMap(Value::value).map(IpAddress.class::cast));
    return Optional.of(new Value<>(mapping, host.get().location(), p.path()));
  }

  private static int portNumber(String which, int port) {
    if (port < 1 || port > 65535) {
      throw new ModelException(which + " port " + port + " is outside 1–65535");
    }
    return port;
  }

  /** A specific host address, or none for the wildcard 0.0.0.0. */
  private static Optional<Ipv4Address> hostIp(String text) {
    Ipv4Address ip = Ipv4Address.parse(text);
    return ip.isUnspecified() ? Optional.empty() : Optional.of(ip);
  }
}
