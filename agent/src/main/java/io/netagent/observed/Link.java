package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network interface as the kernel reports it (one {@code RTM_NEWLINK} of a link dump).
 *
 * @param index ifindex, unique within its namespace
 * @param name IFLA_IFNAME
 * @param altNames the link's alternative names (IFLA_PROP_LIST/IFLA_ALT_IFNAME); no other link
 *     may take one of them as its name
 * @param kind IFLA_INFO_KIND ("bridge", "veth", ...), empty for devices without one (lo, most NICs)
 * @param mac IFLA_ADDRESS when it is a 6-byte Ethernet address
 * @param mtu IFLA_MTU
 * @param up IFF_UP (administrative state)
 * @param group IFLA_GROUP, the link group; netagent's marks what it created
 * @param master the bridge (or other master) it is attached to, by name
 * @param alias IFLA_IFALIAS, where netagent marks what it owns
 * @param peer for a veth, its other end when that end is in a namespace being observed
 * @param port for a bridge port, its port options
 */
public record Link(
    int index,
    InterfaceName name,
    List<InterfaceName> altNames,
    String kind,
    Optional<MacAddress> mac,
    int mtu,
    boolean up,
    int group,
    Optional<InterfaceName> master,
    Optional<String> alias,
    Optional<LinkRef> peer,
    Optional<BridgePort> port) {

  public static final String BRIDGE = "bridge";
  public static final String VETH = "veth";

  public Link {
    Objects.requireNonNull(name);
    altNames = List.copyOf(altNames);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(mac);
    Objects.requireNonNull(master);
    Objects.requireNonNull(alias);
    Objects.requireNonNull(peer);
    Objects.requireNonNull(port);
  }

  public boolean isBridge() {
    return BRIDGE.equals(kind);
  }

  public boolean isVeth() {
    return VETH.equals(kind);
  }

  /** True when netagent's link group or alias marks it as created by netagent. */
  public boolean isOwned() {
    return Ownership.ownsLink(group, alias);
  }
}
