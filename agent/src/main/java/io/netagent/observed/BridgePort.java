package io.netagent.observed;

/**
 * The bridge-port options netagent manages on a port (IFLA_PROTINFO / IFLA_INFO_SLAVE_DATA).
 *
 * @param proxyArp IFLA_BRPORT_PROXYARP: the bridge answers ARP from its neighbour table
 * @param hairpin IFLA_BRPORT_MODE: frames may leave by the port they came in on
 */
public record BridgePort(boolean proxyArp, boolean hairpin) {
  /** What a freshly attached port has. */
  public static final BridgePort DEFAULT = new BridgePort(false, false);
  /** What netagent wants on every container port: proxy-ARP and hairpin (docs/kernel-facts.md §8, §4). */
  public static final BridgePort MANAGED = new BridgePort(true, true);

  @Override
  public String toString() {
    return "proxy_arp " + (proxyArp ? "on" : "off") + ", hairpin " + (hairpin ? "on" : "off");
  }
}
