package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.ProbeLink;
import io.netagent.linux.Errno;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.observed.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The probe's stand-in for the outside: a veth pair created inside the probe's throwaway
 * namespace, one end moved to the host at creation. If netagent dies before it removes the
 * pair, the namespace ends with its thread and the kernel deletes the pair with it. Neither end
 * carries netagent's link group or alias, so the planner never counts them as netagent's.
 */
final class ProbeLinks {
  /** The probe link's end inside the throwaway namespace. */
  static final InterfaceName OUTSIDE_END = InterfaceName.of("probe0");
  /** How long the pair may take to come up: the link watch runs within a second ({@link OperState}). */
  static final Duration READY = Duration.ofSeconds(5);
  /** rtm_protocol "static", not netagent's: the route lives only in the throwaway namespace. */
  private static final int RTPROT_STATIC = 4;

  private ProbeLinks() {}

  /** A host end name unlikely to be taken: {@code naprobe} and four random hex digits. */
  static InterfaceName hostEndName() {
    return InterfaceName.of("naprobe" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000)));
  }

  /**
   * {@code ip link add probe0 type veth peer name HOSTEND netns HOST}, run in the throwaway
   * namespace. Refused whole (EEXIST) when the host has a link of that name: nothing of it is
   * then netagent's to delete.
   */
  static void createPair(InterfaceName hostEnd, NamespaceThread outside, Path hostFile) {
    MacAddress mac = MacAddress.fromId(ThreadLocalRandom.current().nextInt());
    outside.call(() -> {
      try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        s.ack(Requests.setUp(InterfaceName.of("lo")));
        int fd = Syscalls.openReadOnly(hostFile.toString());
        try {
          s.ack(Requests.createVeth(OUTSIDE_END, mac, hostEnd, mac.withLowestBitFlipped(), 1500, 0, fd));
        } finally {
          Syscalls.close(fd);
        }
      }
      return null;
    });
  }

  /**
   * The addresses of {@code link} on both ends of the pair (IPv6 without duplicate address
   * detection, so they are usable at once), both up, and in the throwaway namespace
   * {@code ip route add default via HOST-ADDRESS} of each family.
   */
  static void configure(ProbeLink link, InterfaceName hostEnd, NamespaceThread outside, NamespaceThread host) {
    outside.call(() -> {
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

  /**
   * Waits until both ends are operationally up ({@link OperState}), at most {@link #READY}:
   * without it, the first run in a fresh lab lost its UDP probe from outside, while TCP's
   * retransmission a second later passed.
   *
   * @throws KernelException (ETIMEDOUT) when one end is not up in time
   */
  static void awaitUp(InterfaceName hostEnd, NamespaceThread outside, NamespaceThread host) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (!(isUp(OUTSIDE_END, outside) && isUp(hostEnd, host))) {
      if (System.nanoTime() > deadline) {
        throw new KernelException("ip link set " + hostEnd + " up", Errno.ETIMEDOUT, "the probe link is not up after " + READY.toSeconds() + " s");
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static boolean isUp(InterfaceName name, NamespaceThread thread) {
    return thread.call(() -> {
      try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        return OperState.isUp(s, name);
      }
    });
  }

  /** {@code ip link del HOSTEND} in the host, which deletes its peer too; nothing when it is not there. */
  static void delete(InterfaceName hostEnd, NamespaceThread host) {
    host.call(() -> {
      try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        s.ack(Requests.deleteLink(hostEnd));
      } catch (NetlinkException e) {
        if (e.errno() != Errno.ENODEV) {
          throw e;
        }
      }
      return null;
    });
  }
}
