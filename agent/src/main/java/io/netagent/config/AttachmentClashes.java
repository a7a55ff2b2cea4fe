package io.netagent.config;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.MacAddress;
import io.netagent.model.Network;
import io.netagent.model.PortMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of {@link CrossChecks} for one new container against those already declared: its
 * name, host interface, namespace, address, MACs and host ports must be its own. One pass over
 * the declared containers.
 */
final class AttachmentClashes {
  private AttachmentClashes() {}

  static void check(ContainerSpec spec, List<PortClaim> claims, DesiredState declared, Convert convert) {
    Container c = spec.container();
    Network network = declared.network(c.network()).orElseThrow();
    Map<PortMapping.Key, Container> ports = new HashMap<>();
    for (Network n : declared.networks()) {
      if (n.bridge().name().equals(c.veth().host().name())) {
        clash(convert, spec.hostInterfaceSpot(), "host interface " + c.veth().host().name(), "the bridge of network " + n.name());
      }
    }
    if (network.bridge().mac().equals(c.veth().container().mac())) {
      clash(convert, spec.macSpot(), "MAC " + c.veth().container().mac(), "the bridge of network " + network.name());
    }
    for (Container other : declared.containers()) {
      String whose = "container " + other.name();
      if (other.name().equals(c.name())) {
        clash(convert, Spot.of(spec.name()), "container name \"" + c.name() + "\"", "another container");
        continue;
      }
      if (other.veth().host().name().equals(c.veth().host().name())) {
        clash(convert, spec.hostInterfaceSpot(), "host interface " + c.veth().host().name(), whose);
      }
      if (other.namespace().equals(c.namespace())) {
        clash(convert, spec.namespaceSpot(), "namespace " + c.namespace().display(), whose);
      }
      if (other.network().equals(c.network())) {
        if (c.ipv4().isPresent() && other.ipv4().map(Ipv4Cidr::address).equals(c.ipv4().map(Ipv4Cidr::address))) {
          clash(convert, spec.ipSpot(), "address " + c.ipv4().get().address(), whose);
        }
        if (c.ipv6().isPresent() && other.ipv6().map(Ipv6Cidr::address).equals(c.ipv6().map(Ipv6Cidr::address))) {
          clash(convert, spec.ip6Spot(), "address " + c.ipv6().get().address(), whose);
        }
        macs(convert, spec, other);
      }
      other.ports().forEach(m -> ports.put(m.key(), other));
    }
    for (PortClaim claim : claims) {
      Container holder = ports.get(claim.key());
      if (holder != null) {
        convert.problem(claim.location(), claim.path(), "host port " + claim.key() + " is already published by container " + holder.name());
      }
    }
  }

  private static void macs(Convert convert, ContainerSpec spec, Container other) {
    MacAddress mine = spec.container().veth().container().mac();
    if (mine.equals(other.veth().container().mac()) || mine.equals(other.veth().host().mac())) {
      clash(convert, spec.macSpot(), "MAC " + mine, "container " + other.name());
    }
    MacAddress hostEnd = spec.container().veth().host().mac();
    if (hostEnd.equals(other.veth().container().mac()) || hostEnd.equals(other.veth().host().mac())) {
      clash(convert, Spot.of(spec.name()), "MAC " + hostEnd + " of the host end (generated from the names)", "container " + other.name());
    }
  }

  private static void clash(Convert convert, Spot spot, String what, String holder) {
    convert.problem(spot.location(), spot.path(), what + " is already used by " + holder);
  }
}
