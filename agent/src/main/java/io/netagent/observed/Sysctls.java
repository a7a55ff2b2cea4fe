package io.netagent.observed;

import io.netagent.model.InterfaceName;

/** The sysctls netagent reads and writes (through /proc/sys, from the namespace's own thread). */
public final class Sysctls {
  /** Routing between the container subnets and the rest of the host. */
  public static final String IP_FORWARD = "net.ipv4.ip_forward";

  private Sysctls() {}

  /** {@code net.ipv4.conf.IFACE.route_localnet}: lets DNAT from 127.0.0.1 leave by the bridge. */
  public static String routeLocalnet(InterfaceName link) {
    return "net.ipv4.conf." + link + ".route_localnet";
  }
}
