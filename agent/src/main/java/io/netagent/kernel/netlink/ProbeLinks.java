package io.netagent.kernel.netlink;

import io.netagent.kernel.ProbeLink;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.observed.Route;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The probe's stand-in for the outside: an {@link OutsidePair} whose ends get the addresses of a
 * free {@link ProbeLink}, with the outside's default routes by the host end.
 */
final class ProbeLinks {
  /** The probe link's end inside the throwaway namespace. */
  static final InterfaceName OUTSIDE_END = InterfaceName.of("probe0");
  /** rtm_protocol "static", not netagent's: the route lives only in the throwaway namespace. */
  private static final int RTPROT_STATIC = 4;

  private ProbeLinks() {}

  /** A host end name unlikely to be taken: {@code naprobe} and four random hex digits. */
  static InterfaceName hostEndName() {
    return InterfaceName.of("naprobe" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000)));
  }

  /** The pair, its outside end {@link #OUTSIDE_END}; see {@link OutsidePair#open}. */
  static OutsidePair open(InterfaceName hostEnd) {
    MacAddress mac = MacAddress.fromId(ThreadLocalRandom.current().nextInt());
    return OutsidePair.open("probe", OUTSIDE_END, mac, hostEnd, mac.withLowestBitFlipped());
  }

  /**
   * The addresses of {@code link} on both ends of the pair (IPv6 without duplicate address
   * detection, so they are usable at once), both up, and in the throwaway namespace
   * {@code ip route add default via HOST-ADDRESS} of each family.
   */
  static void configure(ProbeLink link, OutsidePair pair, NamespaceThread host) {
    InterfaceName hostEnd = pair.hostEnd();
    pair.outside().call(() -> {
      try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        int index = Syscalls.interfaceIndex(OUTSIDE_END.value());
        s.ack(Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index, new Ipv4Cidr(link.outside(), ProbeLink.PREFIX)));
        s.ack(Requests.setUp(OUTSIDE_END));
        s.ack(Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, index,
            Route.via(Ipv4Subnet.ANY, link.host(), OUTSIDE_END, RTPROT_STATIC)));
        if (link.subnet6().isPresent()) {
          s.ack(Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index,
              new Ipv6Cidr(link.outside6().orElseThrow(), ProbeLink.PREFIX6)));
          s.ack(Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, index,
              Route.via(Ipv6Subnet.ANY, link.host6().orElseThrow(), OUTSIDE_END, RTPROT_STATIC)));
        }
      }
      return null;
    });
    host.call(() -> {
      try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        int index = Syscalls.interfaceIndex(hostEnd.value());
        s.ack(Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index, new Ipv4Cidr(link.host(), ProbeLink.PREFIX)));
        if (link.subnet6().isPresent()) {
          s.ack(Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, index,
              new Ipv6Cidr(link.host6().orElseThrow(), ProbeLink.PREFIX6)));
        }
        s.ack(Requests.setUp(hostEnd));
      }
      return null;
    });
  }
}
