package io.netagent.observed;

import io.netagent.model.InterfaceName;

/** The sysctls netagent reads and writes (through /proc/sys, from the namespace's own thread). */
public final class Sysctls {
  /** Routing between the container subnets and the rest of the host. */
  public static final String IP_FORWARD = "net.ipv4.ip_forward";
  /**
   * IPv6 routing, set on every link and on {@code default} when written (docs/kernel-facts.md
   * §11D): it also makes links with {@code accept_ra=1} ignore router advertisements.
   */
  public static final String IPV6_FORWARDING = ipv6Conf("all", "forwarding");

  private Sysctls() {}

  /** {@code net.ipv4.conf.DEVICE.forwarding}: whether IPv4 arriving on DEVICE is forwarded ({@code default}: what a new interface gets). */
  public static String ipv4Forwarding(String device) {
    return "net.ipv4.conf." + device + ".forwarding";
  }

  /** {@code net.ipv4.conf.IFACE.route_localnet}: lets DNAT from 127.0.0.1 leave by the bridge. */
  public static String routeLocalnet(InterfaceName link) {
    return "net.ipv4.conf." + link + ".route_localnet";
  }

  /** {@code net.ipv6.conf.IFACE.disable_ipv6}: 1 refuses IPv6 addresses on the link (EACCES) and drops those it had. */
  public static String disableIpv6(InterfaceName link) {
    return ipv6Conf(link.value(), "disable_ipv6");
  }

  /** {@code net.ipv6.conf.IFACE.accept_ra}: 0 never, 1 only while not forwarding, 2 even when forwarding. */
  public static String acceptRa(InterfaceName link) {
    return ipv6Conf(link.value(), "accept_ra");
  }

  /** {@code net.ipv6.conf.IFACE.proxy_ndp}: the link answers solicitations for its proxy neighbour entries. */
  public static String proxyNdp(InterfaceName link) {
    return ipv6Conf(link.value(), "proxy_ndp");
  }

  /** {@code net.ipv6.neigh.IFACE.proxy_delay}: the random delay, in 1/100 s, before a proxied answer; 0 answers at once. */
  public static String proxyDelay(InterfaceName link) {
    return ipv6Neigh(link.value(), "proxy_delay");
  }

  /**
   * Whether {@code key} must be written before a link's IPv6 addresses are added and the link
   * goes up: {@code disable_ipv6} (an address on a disabled link is refused) and {@code accept_ra}
   * (a link that is up may take a router advertisement first).
   */
  public static boolean precedesAddresses(String key) {
    return key.startsWith("net.ipv6.conf.") && (key.endsWith(".disable_ipv6") || key.endsWith(".accept_ra"));
  }

  /** {@code net.ipv6.conf.DEVICE.SETTING}; DEVICE is a link's name, {@code all} or {@code default}. */
  public static String ipv6Conf(String device, String setting) {
    return "net.ipv6.conf." + device + "." + setting;
  }

  /** {@code net.ipv6.neigh.DEVICE.SETTING}: the neighbour-table parameters of a link, or {@code default}. */
  public static String ipv6Neigh(String device, String setting) {
    return "net.ipv6.neigh." + device + "." + setting;
  }
}
