package io.netagent.observed;

import java.util.Optional;

/**
 * How netagent recognises what it owns in the kernel, so that it never touches anything else:
 * links are created in netagent's link group (IFLA_GROUP) and carry an alias (IFLA_IFALIAS)
 * starting with {@code netagent:}; routes carry netagent's rtm_protocol; nftables state lives
 * in one table.
 *
 * <p>Why both marks on links: the kernel ignores IFLA_IFALIAS in a create request (only
 * do_setlink applies it; checked on 6.18), so the alias needs a second request, and a crash
 * between the two would leave an unmarked link. IFLA_GROUP is applied at creation
 * (rtnl_create_link), so a link is marked from its first moment; the alias says which object
 * it is.
 */
public final class Ownership {
  public static final String ALIAS_PREFIX = "netagent:";
  /** The nftables table netagent owns entirely. */
  public static final String NAT_TABLE = "netagent";
  /** The link group of links netagent creates ({@code ip link show group 5128519}); 0x4e4147, "NAG". */
  public static final int LINK_GROUP = 0x4e4147;
  /**
   * rtm_protocol for routes netagent installs. 0x4e ("N") is unassigned in
   * /etc/iproute2/rt_protos and rtnetlink.h.
   */
  public static final int ROUTE_PROTOCOL = 0x4e;

  private Ownership() {}

  /** Whether a link with {@code group} and {@code alias} is netagent's: in its link group, or with its alias. */
  public static boolean ownsLink(int group, Optional<String> alias) {
    return group == LINK_GROUP || alias.filter(Ownership::isOwnedAlias).isPresent();
  }

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
