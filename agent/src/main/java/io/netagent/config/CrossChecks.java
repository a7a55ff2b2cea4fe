package io.netagent.config;

import io.netagent.model.Bridge;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Container;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.PortMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that span objects: unique names, addresses, MACs and ports, and subnets that do not
 * overlap. Each clash is reported once, at the later of the two values, naming the earlier one.
 */
final class CrossChecks {
  private final Convert convert;

  private CrossChecks(Convert convert) {
    this.convert = convert;
  }

  static void check(List<NetworkSpec> networks, List<ContainerSpec> containers, List<PortClaim> ports, Convert convert) {
    CrossChecks checks = new CrossChecks(convert);
    List<NetworkSpec> distinctNetworks = checks.networks(networks);
    checks.containers(distinctNetworks, containers);
    checks.ports(ports);
  }

  /**
   * A value that must be unique.
   *
   * @param what the value and whose it is, as the subject of the message
   * @param owner whose it is, as the message names an earlier holder
   */
  private record Item(Object key, String what, String owner, Spot spot) {}

  /** Reports every item whose key an earlier item has; returns the items that came first. */
  private List<Item> unique(List<Item> items, String verb) {
    Map<Object, Item> first = new HashMap<>();
    List<Item> kept = new ArrayList<>();
    for (Item item : items) {
      Item earlier = first.putIfAbsent(item.key(), item);
      if (earlier == null) {
        kept.add(item);
      } else {
        convert.problem(item.spot().location(), item.spot().path(),
            item.what() + " " + verb + " " + earlier.owner() + " (line " + earlier.spot().location().line() + ")");
      }
    }
    return kept;
  }

  /** Checks the networks against each other; returns them without those whose name was taken. */
  private List<NetworkSpec> networks(List<NetworkSpec> networks) {
    Set<Object> kept = keys(unique(networks.stream().map(n -> new Item(n.name().value(), "network name \"" + n.name().value() + "\"",
        "another network", Spot.of(n.name()))).toList(), "is already used by"));
    List<NetworkSpec> distinct = networks.stream().filter(n -> kept.remove(n.name().value())).toList();
    unique(distinct.stream().map(n -> new Item(n.bridge().name(), "bridge " + n.bridge().name(), "network " + n.name().value(),
        n.bridgeSpot())).toList(), "is already used by");
    for (int i = 0; i < distinct.size(); i++) {
      for (int j = 0; j < i; j++) {
        NetworkSpec a = distinct.get(i);
        NetworkSpec b = distinct.get(j);
        Optional<Ipv4Subnet> x = a.bridge().ipv4().map(BridgeIpv4::subnet);
        Optional<Ipv4Subnet> y = b.bridge().ipv4().map(BridgeIpv4::subnet);
        if (x.isPresent() && y.isPresent() && x.get().overlaps(y.get())) {
          convert.problem(a.subnetSpot().location(), a.subnetSpot().path(), "subnet " + x.get() + " overlaps subnet "
              + y.get() + " of network " + b.name().value() + " (line " + b.subnetSpot().location().line() + ")");
        }
        Optional<Ipv6Subnet> x6 = a.bridge().ipv6().map(BridgeIpv6::subnet);
        Optional<Ipv6Subnet> y6 = b.bridge().ipv6().map(BridgeIpv6::subnet);
        if (x6.isPresent() && y6.isPresent() && x6.get().overlaps(y6.get())) {
          convert.problem(a.subnet6Spot().location(), a.subnet6Spot().path(), "subnet6 " + x6.get() + " overlaps subnet6 "
              + y6.get() + " of network " + b.name().value() + " (line " + b.subnet6Spot().location().line() + ")");
        }
      }
    }
    return distinct;
  }

  private void containers(List<NetworkSpec> networks, List<ContainerSpec> containers) {
    Set<Object> kept = keys(unique(containers.stream().map(c -> new Item(c.container().name(), "container name \"" + c.name().value() + "\"",
        "another container", Spot.of(c.name()))).toList(), "is already used by"));
    // A container whose name was taken is reported once, not again for every value it derives from the name.
    List<ContainerSpec> distinct = containers.stream().filter(c -> kept.remove(c.container().name())).toList();

    List<Item> links = new ArrayList<>();
    Set<Object> bridges = new HashSet<>();
    for (NetworkSpec n : networks) {
      if (bridges.add(n.bridge().name())) {
        links.add(new Item(n.bridge().name(), "bridge " + n.bridge().name(), "the bridge of network " + n.name().value(), n.bridgeSpot()));
      }
    }
    distinct.forEach(c -> links.add(new Item(c.container().veth().host().name(), "host interface " + c.container().veth().host().name()
        + " of container " + c.name().value(), "container " + c.name().value(), c.hostInterfaceSpot())));
    unique(links, "is already used by");
    unique(distinct.stream().map(c -> new Item(c.container().namespace(), "namespace " + c.container().namespace().display()
        + " of container " + c.name().value(), "container " + c.name().value(), c.namespaceSpot())).toList(), "is already used by");
    for (NetworkSpec n : networks) {
      List<ContainerSpec> on = distinct.stream().filter(c -> c.container().network().equals(n.name().value())).toList();
      if (on.size() > Bridge.MAX_PORTS) {
        Spot over = Spot.of(on.get(Bridge.MAX_PORTS).name());
        convert.problem(over.location(), over.path(), "network " + n.name().value() + " has " + on.size() + " containers; its bridge takes at "
            + "most " + Bridge.MAX_PORTS + " (the Linux bridge's limit on ports)");
      }
      unique(on.stream().flatMap(c -> c.container().ipv4().map(a -> new Item(a.address(), "address " + a.address() + " of container "
          + c.name().value(), "container " + c.name().value(), c.ipSpot())).stream()).toList(), "is already used by");
      unique(on.stream().flatMap(c -> c.container().ipv6().map(a -> new Item(a.address(), "address " + a.address() + " of container "
          + c.name().value(), "container " + c.name().value(), c.ip6Spot())).stream()).toList(), "is already used by");
      macs(n, on);
    }
  }

  /** Interfaces of one network need distinct MACs, generated ones included (a hash can collide). */
  private void macs(NetworkSpec network, List<ContainerSpec> containers) {
    List<Item> macs = new ArrayList<>();
    String bridge = "the bridge of network " + network.name().value();
    macs.add(new Item(network.bridge().mac(), "MAC " + network.bridge().mac() + " of " + bridge, bridge, network.macSpot()));
    for (ContainerSpec c : containers) {
      Container ctr = c.container();
      String container = "container " + c.name().value();
      macs.add(new Item(ctr.veth().container().mac(), "MAC " + ctr.veth().container().mac() + " of " + container, container, c.macSpot()));
      String hostEnd = "the host end of container " + c.name().value();
      macs.add(new Item(ctr.veth().host().mac(), "MAC " + ctr.veth().host().mac() + " of " + hostEnd + " (generated from the names)",
          hostEnd, Spot.of(c.name())));
    }
    unique(macs, "collides with");
  }

  /** Host ports are one space for the whole host: (port, protocol) is unique across all containers. */
  private void ports(List<PortClaim> claims) {
    Map<PortMapping.Key, PortClaim> first = new HashMap<>();
    for (PortClaim claim : claims) {
      PortClaim earlier = first.putIfAbsent(claim.key(), claim);
      if (earlier != null) {
        convert.problem(claim.location(), claim.path(), "host port " + claim.key() + " is already published by " + earlier.container()
            + " (line " + earlier.location().line() + ")");
      }
    }
  }

  private static Set<Object> keys(List<Item> items) {
    Set<Object> keys = new HashSet<>();
    items.forEach(i -> keys.add(i.key()));
    return keys;
  }
}
