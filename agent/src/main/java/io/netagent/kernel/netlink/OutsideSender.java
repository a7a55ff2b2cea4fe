package io.netagent.kernel.netlink;

import io.netagent.linux.NamespaceThread;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.Message;
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
import java.util.List;
import java.util.Optional;

/**
 * The outside, for a probe: a fresh anonymous namespace (only this process's thread holds it)
 * with the outside address on a veth whose other end is moved into the host, a default route by
 * it, and a permanent neighbour entry that sends the probe's destination to the host end's MAC
 * (no ARP or ND to wait for). In the host, the host end is up with a route back to the outside
 * address by it (so that reverse-path filtering accepts the probe). The veth pair is created
 * inside the fresh namespace, so if the process dies the namespace goes and takes the pair, the
 * host end and its route with it; {@link #close} deletes it at once.
 */
final class OutsideSender implements AutoCloseable {
  /** rtm_protocol RTPROT_STATIC: not netagent's mark (0x4e), so the planner never takes the route for its own. */
  private static final int PROTOCOL_STATIC = 4;
  private static final int MTU = 1500;
  private static final long UP_WITHIN_NANOS = 3_000_000_000L;

  private final NamespaceThread thread;
  private final InterfaceName hostEnd;
  private final NetlinkSocket hostRoute;

  private OutsideSender(NamespaceThread thread, InterfaceName hostEnd, NetlinkSocket hostRoute) {
    this.thread = thread;
    this.hostEnd = hostEnd;
    this.hostRoute = hostRoute;
  }

  /** The thread in the outside namespace, where the probe's socket is opened. */
  NamespaceThread thread() {
    return thread;
  }

  /** Builds the outside for a probe from {@code address} to {@code destination}; call it on a thread in the host. */
  static OutsideSender open(IpAddress address, IpAddress destination, NetlinkSocket hostRoute) {
    int id = (int) (ProcessHandle.current().pid() & 0xffffff);
    InterfaceName hostEnd = InterfaceName.of("ntr" + Integer.toHexString(id));
    InterfaceName inner = InterfaceName.of("ntro");
    MacAddress hostMac = MacAddress.fromId(0x7e000000 | id);
    int hostNamespace = Syscalls.openReadOnly("/proc/thread-self/ns/net");
    NamespaceThread thread;
    try {
      thread = NamespaceThread.fresh("outside");
      try {
        thread.call(() -> {
          try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
            route.ack(Requests.setUp(InterfaceName.of("lo")));
            route.ack(Requests.createVeth(inner, MacAddress.fromId(0x7f000000 | id), hostEnd, hostMac, MTU, 0, hostNamespace));
            route.ack(Requests.setUp(inner));
            int index = index(route, inner);
            route.ack(Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index, host(address)));
            route.ack(Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, index,
                new Route(IpSubnet.any(address.family()), Optional.empty(), inner, PROTOCOL_STATIC)));
            route.ack(Requests.setNeighbour(index, destination, hostMac));
          }
          return null;
        });
      } catch (RuntimeException e) {
        thread.close();
        throw e;
      }
    } finally {
      Syscalls.close(hostNamespace);
    }
    OutsideSender sender = new OutsideSender(thread, hostEnd, hostRoute);
    try {
      hostRoute.ack(Requests.setUp(hostEnd));
      hostRoute.ack(Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, index(hostRoute, hostEnd),
          new Route(host(address).subnet(), Optional.empty(), hostEnd, PROTOCOL_STATIC)));
      thread.call(() -> {
        try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
          awaitUp(route, inner);
        }
        return null;
      });
    } catch (RuntimeException e) {
      sender.close();
      throw e;
    }
    return sender;
  }

  /** The address as a host route's worth: /32 or /128. */
  private static IpCidr host(IpAddress address) {
    return address instanceof Ipv4Address a4 ? new Ipv4Cidr(a4, 32) : new Ipv6Cidr((Ipv6Address) address, 128);
  }

  /**
   * Waits until {@code name} is operationally up. A veth whose peer just came up has its carrier,
   * but its queueing discipline stays the no-op one, which drops every packet, until the kernel's
   * link watch runs (up to a second later, as it pleases); it sets the operational state in the
   * same pass (docs/kernel-facts.md §12). Gives up after the bound: the trace then shows nothing
   * seen.
   */
  private static void awaitUp(NetlinkSocket route, InterfaceName name) throws InterruptedException {
    long deadline = System.nanoTime() + UP_WITHIN_NANOS;
    while (System.nanoTime() < deadline) {
      List<Message> replies = route.call(Requests.getLink(name));
      if (replies.get(0).attributes(IfInfoMsg.SIZE).u8(Rtnetlink.IFLA_OPERSTATE).filter(s -> s == Rtnetlink.IF_OPER_UP).isPresent()) {
        return;
      }
      Thread.sleep(10);
    }
  }

  private static int index(NetlinkSocket route, InterfaceName name) {
    List<Message> replies = route.call(Requests.getLink(name));
    return IfInfoMsg.read(replies.get(0).buffer()).index();
  }

  /** Deletes the veth pair (one end takes the other, and the route with it) and lets the namespace go. */
  @Override
  public void close() {
    try {
      hostRoute.ack(Requests.deleteLink(hostEnd));
    } finally {
      thread.close();
    }
  }
}
