package io.netagent.config;

import io.netagent.model.Container;
import io.netagent.model.MacAddress;
import io.netagent.model.PortMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The rules that span objects: unique names, addresses, MACs and ports, and subnets that do not overlap. */
final class CrossChecks {
  private final Convert convert;

  private CrossChecks(Convert convert) {
    this.convert = convert;
  }

  static void check(List<NetworkSpec> networks, List<ContainerSpec> containers, List<PortClaim> ports, Convert convert) {
    CrossChecks checks = new CrossChecks(convert);
    checks.networks(networks);
    checks.containers(networks, containers);
    checks.ports(ports);
  }

  /** One named thing with where it was written, for "already used" messages. */
  private record Item(Object key, String what, Location location, String path) {}

  /** Reports every item whose key an earlier item already has. */
  private void unique(List<Item> items, String conflict) {
    Map<Object, Item> first = new HashMap<>();
    for (Item item : items) {
      Item earlier = first.putIfAbsent(item.key(), item);
      if (earlier != null) {
        convert.problem(item.location(), item.path(), item.what() + " " + conflict + " " + earlier.what()
            + " (line " + earlier.location().line() + ")");
      }
    }
  }

  private void networks(List<NetworkSpec> networks) {
    unique(map(networks, n -> new Item(n.name().value(), "network " + n.name().value(), n.name().location(), n.name().path())),
        "has the same name as");
    unique(map(networks, n -> new Item(n.bridge().name(), "bridge " + n.bridge().name(), n.bridgeLocation(), n.name().path() + ".bridge")),
        "has the same name as");
    for (int i = 0; i < networks.size(); i++) {
      for (int j = 0; j < i; j++) {
        NetworkSpec a = networks.get(i);
        NetworkSpec b = networks.get(j);
        if (a.bridge().subnet().overlaps(b.bridge().subnet())) {
          convert.problem(a.subnetLocation(), a.name().path() + ".subnet", "subnet " + a.bridge().subnet() + " overlaps subnet "
              + b.bridge().subnet() + " of network " + b.name().value() + " (line " + b.subnetLocation().line() + ")");
        }
      }
    }
  }

  private void containers(List<NetworkSpec> networks, List<ContainerSpec> containers) {
    unique(map(containers, c -> new Item(c.container().name(), "container " + c.name().value(), c.name().location(), c.name().path())),
        "has the same name as");
    List<Item> links = new ArrayList<>();
    networks.forEach(n -> links.add(new Item(n.bridge().name(), "bridge " + n.bridge().name(), n.bridgeLocation(), n.name().path())));
    containers.forEach(c -> links.add(new Item(c.container().veth().host().name(),
        "host interface " + c.container().veth().host().name() + " of container " + c.name().value(),
        c.hostInterfaceLocation(), c.name().path())));
    unique(links, "has the same name as");
    unique(map(containers, c -> new Item(c.container().namespace(), "namespace " + c.container().namespace().display()
        + " of container " + c.name().value(), c.namespaceLocation(), c.name().path())), "is already used by");
    for (NetworkSpec n : networks) {
      List<ContainerSpec> on = containers.stream().filter(c -> c.container().network().equals(n.name().value())).toList();
      unique(map(on, c -> new Item(c.container().ip(), "address " + c.container().ip() + " of container " + c.name().value(),
          c.ipLocation(), c.name().path())), "is already used by");
      macs(n, on);
    }
  }

  /** Interfaces of one network need distinct MACs, generated ones included (a hash can collide). */
  private void macs(NetworkSpec network, List<ContainerSpec> containers) {
    List<Item> macs = new ArrayList<>();
    macs.add(new Item(network.bridge().mac(), "MAC " + network.bridge().mac() + " of bridge " + network.bridge().name(),
        network.macLocation(), network.name().path()));
    for (ContainerSpec c : containers) {
      Container ctr = c.container();
      macs.add(mac(ctr.veth().container().mac(), "container " + c.name().value(), c.macLocation(), c.name().path()));
      macs.add(mac(ctr.veth().host().mac(), "the host end of container " + c.name().value() + " (generated; set mac to choose another)",
          c.name().location(), c.name().path()));
    }
    unique(macs, "collides with");
  }

  private static Item mac(MacAddress mac, String owner, Location location, String path) {
    return new Item(mac, "MAC " + mac + " of " + owner, location, path);
  }

  /** Host ports are one space for the whole host: (port, protocol) is unique across all containers. */
  private void ports(List<PortClaim> claims) {
    Map<PortMapping.Key, PortClaim> first = new HashMap<>();
    for (PortClaim claim : claims) {
      PortClaim earlier = first.putIfAbsent(claim.key(), claim);
      if (earlier != null) {
        convert.problem(claim.location(), claim.path(), "host port " + claim.key() + " is already published by container "
            + earlier.container() + " (line " + earlier.location().line() + ")");
      }
    }
  }

  private static <T> List<Item> map(List<T> values, Function<T, Item> item) {
    return values.stream().map(item).toList();
  }
}
