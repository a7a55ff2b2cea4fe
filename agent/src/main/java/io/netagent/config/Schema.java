package io.netagent.config;

import java.util.Set;

/** The keys of each object of the configuration file; see README.md for their meaning. */
final class Schema {
  static final Set<String> ROOT = Set.of("networks", "containers");
  static final Set<String> NETWORK = Set.of("name", "bridge", "subnet", "gateway", "mtu", "mac", "masquerade", "snatTo", "arpProxy", "allocate",
      "isolate", "subnet6", "gateway6", "masquerade6", "snatTo6", "allocate6");
  static final Set<String> ARP_PROXY = Set.of("ip", "mac");
  static final Set<String> CONTAINER = Set.of(
      "name", "network", "namespace", "createNamespace", "hostInterface", "interface", "ip", "ip6", "mac", "mtu", "ports");
  /** An attachment request of the live API: a container without createNamespace, with the runtime's id. */
  static final Set<String> ATTACHMENT = Set.of(
      "id", "name", "network", "namespace", "hostInterface", "interface", "ip", "ip6", "mac", "mtu", "ports");
  static final Set<String> PORT = Set.of("host", "container", "protocol", "hostIp");

  private Schema() {}
}
