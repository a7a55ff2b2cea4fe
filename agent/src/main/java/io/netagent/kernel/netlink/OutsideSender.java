package io.netagent.kernel.netlink;

import io.netagent.linux.NamespaceThread;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpCidr;
import io.netagent.model.IpSubnet;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.MacAddress;
import io.netagent.observed.Route;
import java.util.Optional;

/**
 * The outside, for a trace: an {@link OutsidePair} whose outside end holds the outside address,
 * with a default route by it and a permanent neighbour entry that sends the probe's destination
 * to the host end's MAC (no ARP or ND to wait for). In the host, a route back to the outside
 * address by the host end (so that reverse-path filtering accepts the probe); it goes with the
 * link.
 */
final class OutsideSender implements AutoCloseable {
  /** rtm_protocol RTPROT_STATIC: not netagent's mark (0x4e), so the planner never takes the route for its own. */
  private static final int PROTOCOL_STATIC = 4;

  private final OutsidePair pair;

  private OutsideSender(OutsidePair pair) {
    this.pair = pair;
  }

  /** The thread in the outside namespace, where the probe's socket is opened. */
  NamespaceThread thread() {
    return pair.outside();
  }

  /** Builds the outside for a probe from {@code address} to {@code destination}; call it on a thread in the host. */
  static OutsideSender open(IpAddress address, IpAddress destination, NetlinkSocket hostRoute) {
    int id = (int) (ProcessHandle.current().pid() & 0xffffff);
    MacAddress hostMac = MacAddress.fromId(0x7e000000 | id);
    OutsidePair pair = OutsidePair.open("outside", InterfaceName.of("ntro"), MacAddress.fromId(0x7f000000 | id),
        InterfaceName.of("ntr" + Integer.toHexString(id)), hostMac);
    try {
      InterfaceName inner = pair.outsideEnd();
      pair.outside().call(() -> {
        try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
          route.ack(Requests.setUp(inner));
          int index = Syscalls.interfaceIndex(inner.value());
          route.ack(Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index, host(address)));
          route.ack(Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, index,
              new Route(IpSubnet.any(address.family()), Optional.empty(), inner, PROTOCOL_STATIC)));
          route.ack(Requests.setNeighbour(index, destination, hostMac));
        }
        return null;
      });
      hostRoute.ack(Requests.setUp(pair.hostEnd()));
      hostRoute.ack(Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, Syscalls.interfaceIndex(pair.hostEnd().value()),
          new Route(host(address).subnet(), Optional.empty(), pair.hostEnd(), PROTOCOL_STATIC)));
      pair.awaitUp();
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
    return new OutsideSender(pair);
  }

  /** The address as a host route's worth: /32 or /128. */
  private static IpCidr host(IpAddress address) {
    return address instanceof Ipv4Address a4 ? new Ipv4Cidr(a4, 32) : new Ipv6Cidr((Ipv6Address) address, 128);
  }

  /** Deletes the veth pair (one end takes the other, and the route with it) and lets the namespace go. */
  @Override
  public void close() {
    pair.close();
  }
}
