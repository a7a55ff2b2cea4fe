package io.netagent.config;

import io.netagent.model.ArpProxyEntry;
import io.netagent.model.Bridge;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.ModelException;
import io.netagent.model.Mtu;
import io.netagent.model.ObjectName;
import io.netagent.model.SourceNat;
import io.netagent.model.StableId;
import java.util.List;
import java.util.Optional;

/**
 * Reads one entry of {@code networks} into a {@link NetworkSpec}, reporting every problem in it.
 * A network has IPv4 when it writes {@code subnet} or no {@code subnet6} (an IPv4-only file reads
 * as it always did), and IPv6 when it writes {@code subnet6}; a key of a family it lacks is a
 * problem, not ignored.
 */
final class NetworkResolver {
  private static final List<String> IPV4_KEYS = List.of("gateway", "masquerade", "snatTo", "allocate", "arpProxy");
  private static final List<String> IPV6_KEYS = List.of("gateway6", "masquerade6", "snatTo6", "allocate6");

  private NetworkResolver() {}

  static Optional<NetworkSpec> resolve(Fields f, Convert convert) {
    boolean wantsIpv6 = f.has("subnet6");
    boolean wantsIpv4 = f.has("subnet") || !wantsIpv6;
    Optional<Value<String>> name = convert.apply(f.string("name", true), n -> ObjectName.requireValid("network", n));
    Optional<Value<InterfaceName>> bridge = convert.apply(f.string("bridge", true), InterfaceName::new);
    Optional<Value<Ipv4Subnet>> subnet = convert.apply(f.string("subnet", !wantsIpv6, " (or \"subnet6\" for an IPv6-only network)"),
        Ipv4Subnet::parse);
    Optional<Value<Ipv4Address>> gateway = convert.apply(f.string("gateway", wantsIpv4), Ipv4Address::parse);
    Optional<Value<Integer>> mtu = convert.apply(f.integer("mtu", false), Mtu::requireValid);
    Optional<String> mtuBelowIpv6 = mtu.filter(m -> wantsIpv6).flatMap(m -> Mtu.ipv6Problem(m.value()));
    mtuBelowIpv6.ifPresent(why -> convert.problem(mtu.get().location(), mtu.get().path(),
        why + ": a network with \"subnet6\" needs an mtu of " + Mtu.IPV6_MIN + " or more"));
    Optional<Value<MacAddress>> mac = convert.apply(f.string("mac", false), NetworkResolver::unicastMac);
    Optional<Value<Boolean>> masquerade = f.bool("masquerade", false);
    Optional<Value<Ipv4Address>> snatTo = convert.apply(f.string("snatTo", false), Ipv4Address::parse);
    if (wantsIpv4 && masquerade.map(Value::value).orElse(false) && snatTo.isPresent()) {
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
    Ipv6Part v6 = Ipv6Part.read(f, convert, wantsIpv6);
    boolean misplaced4 = !wantsIpv4 && misplaced(f, convert, IPV4_KEYS, "an IPv4 key, but the network has no \"subnet\" (it is IPv6-only)");
    boolean misplaced6 = !wantsIpv6 && misplaced(f, convert, IPV6_KEYS, "an IPv6 key, but the network has no \"subnet6\" (it is IPv4-only)");
    boolean invalidMac = f.has("mac") && mac.isEmpty();
    boolean invalidMtu = (f.has("mtu") && mtu.isEmpty()) || mtuBelowIpv6.isPresent();
    boolean invalidIpv4 = wantsIpv4 && (subnet.isEmpty() || gateway.isEmpty() || (f.has("allocate") && allocate.isEmpty()));
    boolean invalidIpv6 = wantsIpv6 && v6.invalid(f);
    if (name.isEmpty() || bridge.isEmpty() || invalidIpv4 || invalidIpv6 || invalidMac || invalidMtu || misplaced4 || misplaced6) {
      if (wantsIpv4) {
        f.objects("arpProxy", "ARP proxy entry", Schema.ARP_PROXY, false).forEach(e -> arpProxyEntry(e, convert));
      }
      return Optional.empty();
    }
    Optional<BridgeIpv4> ipv4 = wantsIpv4
        ? convert.build(gateway.get().location(), gateway.get().path(), () -> new BridgeIpv4(subnet.get().value(), gateway.get().value()))
        : Optional.empty();
    Optional<BridgeIpv6> ipv6 = wantsIpv6 ? v6.build(convert) : Optional.empty();
    SourceNat sourceNat = !wantsIpv4 ? new SourceNat.Disabled() : snatTo.<SourceNat>map(s -> new SourceNat.SnatTo(s.value()))
        .orElse(masquerade.map(Value::value).orElse(true) ? new SourceNat.Masquerade() : new SourceNat.Disabled());
    MacAddress bridgeMac = mac.map(Value::value).orElse(MacAddress.fromId(StableId.of("bridge:" + name.get().value())));
    Spot nameSpot = Spot.of(name.get());
    Bridge result = (wantsIpv4 && ipv4.isEmpty()) || (wantsIpv6 && ipv6.isEmpty()) ? null
        : convert.build(nameSpot.location(), nameSpot.path(), () -> Bridge.of(bridge.get().value(), bridgeMac, ipv4, ipv6,
            mtu.map(Value::value).orElse(Mtu.DEFAULT), sourceNat)).orElse(null);
    for (Fields e : f.objects("arpProxy", "ARP proxy entry", Schema.ARP_PROXY, false)) {
      Optional<Value<ArpProxyEntry>> entry = arpProxyEntry(e, convert);
      if (entry.isPresent() && result != null) {
        Value<ArpProxyEntry> v = entry.get();
        Bridge current = result;
        BridgeIpv4 bridgeIpv4 = ipv4.orElseThrow();
        if (!bridgeIpv4.subnet().contains(v.value().ip())) {
          convert.problem(v.location(), v.path(), "ARP proxy IP " + v.value().ip() + " is outside subnet " + bridgeIpv4.subnet());
        } else if (bridgeIpv4.subnet().isReserved(v.value().ip())) {
          convert.problem(v.location(), v.path(), "ARP proxy IP " + v.value().ip() + " is the network or broadcast address of "
              + bridgeIpv4.subnet());
        } else if (v.value().ip().equals(bridgeIpv4.gateway())) {
          convert.problem(v.location(), v.path(), "ARP proxy IP " + v.value().ip() + " is the gateway, which the bridge answers for itself");
        } else {
          result = convert.build(v.location(), v.path(), () -> current.withArpProxy(v.value())).orElse(current);
        }
      }
    }
    if (result == null) {
      return Optional.empty();
    }
    return Optional.of(new NetworkSpec(name.get(), result, allocate.map(Value::value), v6.allocate().map(Value::value), isolated,
        Spot.of(bridge.get()), subnet.<Spot>map(Spot::of).orElse(nameSpot), v6.subnet().<Spot>map(Spot::of).orElse(nameSpot),
        mac.<Spot>map(Spot::of).orElse(nameSpot)));
  }

  /** Reports each of {@code keys} the network writes as {@code "KEY" is WHY}; true when it writes any. */
  private static boolean misplaced(Fields f, Convert convert, List<String> keys, String why) {
    boolean any = false;
    for (String key : keys) {
      Optional<Location> at = f.valueLocation(key);
      if (at.isPresent()) {
        convert.problem(at.get(), f.pathOf(key), "\"" + key + "\" is " + why);
        any = true;
      }
    }
    return any;
  }

  /** The IPv6 keys of a network as read, each checked on its own and against subnet6. */
  private record Ipv6Part(Optional<Value<Ipv6Subnet>> subnet, Optional<Value<Ipv6Address>> gateway, Optional<Value<Boolean>> masquerade,
      Optional<Value<Ipv6SourceNat.SnatTo>> snatTo, Optional<Value<Ipv6Subnet>> allocate) {

    static Ipv6Part read(Fields f, Convert convert, boolean wanted) {
      Optional<Value<Ipv6Subnet>> subnet = convert.apply(f.string("subnet6", false), t -> BridgeIpv6.requireUsable(Ipv6Subnet.parse(t)));
      Optional<Value<Ipv6Address>> gateway = convert.apply(f.string("gateway6", false), Ipv6Address::parse);
      Optional<Value<Boolean>> masquerade = f.bool("masquerade6", false);
      Optional<Value<Ipv6SourceNat.SnatTo>> snatTo = convert.apply(f.string("snatTo6", false),
          t -> new Ipv6SourceNat.SnatTo(Ipv6Address.parse(t)));
      if (wanted && masquerade.map(Value::value).orElse(false) && snatTo.isPresent()) {
        convert.problem(snatTo.get().location(), snatTo.get().path(),
            "masquerade6 and snatTo6 exclude each other: masquerade6 uses the address of the outgoing interface, snatTo6 one fixed address");
      }
      Optional<Value<Ipv6Subnet>> allocate = convert.apply(f.string("allocate6", false), Ipv6Subnet::parse);
      if (allocate.isPresent() && subnet.isPresent()) {
        Ipv6Subnet range = allocate.get().value();
        Ipv6Subnet whole = subnet.get().value();
        if (!whole.contains(range.network()) || range.prefixLength() < whole.prefixLength()) {
          convert.problem(allocate.get().location(), allocate.get().path(), "allocation range " + range + " is not inside subnet6 " + whole);
          allocate = Optional.empty();
        }
      }
      return new Ipv6Part(subnet, gateway, masquerade, snatTo, allocate);
    }

    boolean invalid(Fields f) {
      return subnet.isEmpty() || (f.has("gateway6") && gateway.isEmpty()) || (f.has("allocate6") && allocate.isEmpty());
    }

    /** The bridge's IPv6: the gateway6 written or the subnet's first address; a refusal reported at gateway6 or subnet6. */
    Optional<BridgeIpv6> build(Convert convert) {
      Ipv6Subnet whole = subnet.orElseThrow().value();
      Ipv6SourceNat nat = snatTo.<Ipv6SourceNat>map(Value::value)
          .orElse(masquerade.map(Value::value).orElse(true) ? new Ipv6SourceNat.Masquerade() : new Ipv6SourceNat.Disabled());
      Spot at = gateway.<Spot>map(Spot::of).orElse(Spot.of(subnet.get()));
      return convert.build(at.location(), at.path(),
          () -> new BridgeIpv6(whole, gateway.map(Value::value).orElse(BridgeIpv6.defaultGateway(whole)), nat));
    }
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
