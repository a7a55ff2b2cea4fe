package io.netagent.kernel.netlink;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.observed.BridgePort;
import java.util.List;
import java.util.Optional;

/**
 * A link as one RTM_NEWLINK of a dump describes it, before veth peers are matched across
 * namespaces.
 *
 * @param peerIndex IFLA_LINK: for a veth, the peer's ifindex in the peer's namespace; 0 if none
 * @param peerNsid IFLA_LINK_NETNSID: the peer's namespace as this namespace numbers it; empty
 *     when the peer is in the same namespace
 */
record RawLink(
    int index,
    InterfaceName name,
    List<InterfaceName> altNames,
    String kind,
    Optional<MacAddress> mac,
    int mtu,
    boolean up,
    int group,
    int masterIndex,
    Optional<String> alias,
    int peerIndex,
    Optional<Integer> peerNsid,
    Optional<BridgePort> port) {}
