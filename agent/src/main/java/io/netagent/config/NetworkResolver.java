package io.netagent.config;

import io.netagent.model.ArpProxyEntry;
import io.netagent.model.Bridge;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.ModelException;
import io.netagent.model.Mtu;
import io.netagent.model.ObjectName;
import io.netagent.model.SourceNat;
import io.netagent.model.StableId;
import java.util.Optional;

/** Reads one entry of {@code networks} into a {@link NetworkSpec}, reporting every problem in it. */
final class NetworkResolver {
  private NetworkResolver() {}

  static Optional<NetworkSpec> resolve(Fields f, Convert convert) {
    Optional<Value<String>> name = convert.apply(f.string("name", true), n -> ObjectName.requireValid("network", n));
    Optional<Value<InterfaceName>> bridge = convert.apply(f.string("bridge", true), InterfaceName::new);
    Optional<Value<Ipv4Subnet>> subnet = convert.apply(f.string("subnet", true), Ipv4Subnet::parse);
    Optional<Value<Ipv4Address>> gateway = convert.apply(f.string("gateway", true), Ipv4Address::parse);
    Optional<Value<Integer>> mtu = convert.apply(f.integer("mtu", false), Mtu::requireValid);
    Optional<Value<MacAddress>> mac = convert.apply(f.string("mac", false), NetworkResolver::unicastMac);
    Optional<Value<Boolean>> masquerade = f.bool("masquerade", false);
    Optional<Value<Ipv4Address>> snatTo = convert.apply(f.string("snatTo", false), Ipv4Address::parse);
    if (masquerade.map(Value::value).orElse(false) && snatTo.isPresent()) {
      convert.problem(snatTo.get().location(), snatTo.get().path(),
          "masquerade and snatTo exclude each other: masquerade uses the address of the outgoing interface, snatTo one fixed address");
    }
    Optional<Value<Ipv4Subnet>> allocate = convert.apply(f.string("allocate", false), Ipv4Subnet::parse);
    boolean isolated = f.bool("isolate", false).map(Value::value).orElse(true);
    if (allocate.isPresent() && subnet.isPresent()) {
      Ipv4Subnet range = allocate.get().value();
      Ipv4Subnet whole = subnet.get().value();
      if (!whole.contains(range.network()) || range.prefixLength() < whole.prefixLength()) {
        convert.problem(allocate.get().location(), allocate.get().path(), "allocation range " + range + " is not inside subnet " + whole);
        allocate = Optional.empty();
      }
    }
    boolean invalidMac = f.has("mac") && mac.isEmpty();
    boolean invalidMtu = f.has("mtu") && mtu.isEmpty();
    boolean invalidAllocate = f.has("allocate") && allocate.isEmpty();
    if (name.isEmpty() || bridge.isEmpty() || subnet.isEmpty() || gateway.isEmpty() || invalidMac || invalidMtu || invalidAllocate) {
      f.objects("arpProxy", "ARP proxy entry", Schema.ARP_PROXY, false).forEach(e -> arpProxyEntry(e, convert));
      return Optional.empty();
    }
    SourceNat sourceNat = snatTo.<SourceNat>map(s -> new SourceNat.SnatTo(s.value()))
        .orElse(masquerade.map(Value::value).orElse(true) ? new SourceNat.Masquerade() : new SourceNat.Disabled());
    MacAddress bridgeMac = mac.map(Value::value).orElse(MacAddress.fromId(StableId.of("bridge:" + name.get().value())));
    Optional<Bridge> built = convert.build(gateway.get().location(), gateway.get().path(), () -> Bridge.of(bridge.get().value(), bridgeMac,
        Optional.of(new BridgeIpv4(subnet.get().value(), gateway.get().value())), Optional.empty(), mtu.map(Value::value).orElse(Mtu.DEFAULT),
        sourceNat));
    Bridge result = built.orElse(null);
    for (Fields e : f.objects("arpProxy", "ARP proxy entry", Schema.ARP_PROXY, false)) {
      Optional<Value<ArpProxyEntry>> entry = arpProxyEntry(e, convert);
      if (entry.isPresent() && result != null) {
        Value<ArpProxyEntry> v = entry.get();
        Bridge current = result;
        if (!current.inSubnet(v.value().ip())) {
          convert.problem(v.location(), v.path(), "ARP proxy IP " + v.value().ip() + " is outside subnet " + subnet.get().value());
        } else if (subnet.get().value().isReserved(v.value().ip())) {
          convert.problem(v.location(), v.path(), "ARP proxy IP " + v.value().ip() + " is the network or broadcast address of "
              + subnet.get().value());
        } else if (v.value().ip().equals(gateway.get().value())) {
          convert.problem(v.location(), v.path(), "ARP proxy IP " + v.value().ip() + " is the gateway, which the bridge answers for itself");
        } else {
          result = convert.build(v.location(), v.path(), () -> current.withArpProxy(v.value())).orElse(current);
        }
      }
    }
    if (result == null) {
      return Optional.empty();
    }
    return Optional.of(new NetworkSpec(name.get(), result, allocate.map(Value::value), Optional.empty(), isolated, Spot.of(bridge.get()),
        Spot.of(subnet.get()), mac.<Spot>map(Spot::of).orElse(Spot.of(name.get()))));
  }

  private static Optional<Value<ArpProxyEntry>> arpProxyEntry(Fields e, Convert convert) {
    Optional<Value<Ipv4Address>> ip = convert.apply(e.string("ip", true), Ipv4Address::parse);
    Optional<Value<MacAddress>> mac = convert.apply(e.string("mac", true), NetworkResolver::unicastMac);
    if (ip.isEmpty() || mac.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Value<>(new ArpProxyEntry(ip.get().value(), mac.get().value()), ip.get().location(), ip.get().path()));
  }

  /** A MAC an interface or an ARP answer can carry: not zero, not a group address. */
  static MacAddress unicastMac(String text) {
    MacAddress mac = MacAddress.parse(text);
    if (mac.isMulticast() || mac.isZero()) {
      throw new ModelException("MAC " + mac + " is not a unicast address (the lowest bit of the first byte must be 0, and it cannot be all zero)");
    }
    return mac;
  }
}
