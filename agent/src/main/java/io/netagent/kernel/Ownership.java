package io.netagent.kernel;

/**
 * How netagent recognises what it owns in the kernel, so that it never touches anything else:
 * links carry an alias (IFLA_IFALIAS) starting with {@code netagent:}, routes carry netagent's
 * rtm_protocol, and nftables state lives in one table.
 */
public final class Ownership {
  public static final String ALIAS_PREFIX = "netagent:";
  /** The nftables table netagent owns entirely. */
  public static final String NAT_TABLE = "netagent";
  /**
   * rtm_protocol for routes netagent installs. 0x4e ("N") is unassigned in
   * /etc/iproute2/rt_protos and rtnetlink.h.
   */
  public static final int ROUTE_PROTOCOL = 0x4e;

  private Ownership() {}

  public static boolean isOwnedAlias(String alias) {
    return alias.startsWith(ALIAS_PREFIX);
  }

  /** The alias of the bridge of network {@code network}. */
  public static String bridgeAlias(String network) {
    return ALIAS_PREFIX + network;
  }

  /** The alias of the veth pair of container {@code container} on {@code network}. */
  public static String vethAlias(String network, String container) {
    return ALIAS_PREFIX + network + "/" + container;
  }
}
