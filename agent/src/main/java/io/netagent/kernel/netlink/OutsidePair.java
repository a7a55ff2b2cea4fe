package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.Syscalls;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The outside, for a probe or a trace: a fresh anonymous namespace that only this process's
 * thread holds, joined to the host by a veth pair created inside it with one end moved to the
 * host at creation. If netagent dies before {@link #close}, the namespace ends with its thread and
 * the kernel deletes the pair with it, so nothing leaks. Neither end carries netagent's link
 * group or alias, so the planner never counts them as netagent's. Addresses and routes are the
 * caller's. Its methods are called on a thread of the host namespace (any of netagent's own but a
 * {@link NamespaceThread}).
 */
final class OutsidePair implements AutoCloseable {
  /** How long the pair may take to come up: the link watch runs within a second ({@link OperState}). */
  static final Duration READY = Duration.ofSeconds(5);

  private final NamespaceThread outside;
  private final InterfaceName outsideEnd;
  private final InterfaceName hostEnd;

  private OutsidePair(NamespaceThread outside, InterfaceName outsideEnd, InterfaceName hostEnd) {
    this.outside = outside;
    this.outsideEnd = outsideEnd;
    this.hostEnd = hostEnd;
  }

  /**
   * A fresh namespace (its thread named {@code threadName}) with {@code lo} up, and in it
   * {@code ip link add OUTSIDEEND address OUTSIDEMAC type veth peer name HOSTEND address HOSTMAC
   * netns HOST}. Refused whole (EEXIST) when the host has a link of that name: nothing is then
   * left, and nothing of the host's is touched.
   */
  static OutsidePair open(String threadName, InterfaceName outsideEnd, MacAddress outsideMac, InterfaceName hostEnd, MacAddress hostMac) {
    NamespaceThread outside = NamespaceThread.fresh(threadName);
    try {
      outside.call(() -> {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
          s.ack(Requests.setUp(InterfaceName.of("lo")));
          // The process's own namespace file: this thread is in the fresh one, /proc/self is the main thread's.
          int host = Syscalls.openReadOnly(NamespaceSession.SELF.toString());
          try {
            s.ack(Requests.createVeth(outsideEnd, outsideMac, hostEnd, hostMac, 1500, 0, host));
          } finally {
            Syscalls.close(host);
          }
        }
        return null;
      });
    } catch (RuntimeException e) {
      outside.close();
      throw e;
    }
    return new OutsidePair(outside, outsideEnd, hostEnd);
  }

  /** The thread in the outside namespace, where the outside end is configured and sockets are opened. */
  NamespaceThread outside() {
    return outside;
  }

  InterfaceName outsideEnd() {
    return outsideEnd;
  }

  InterfaceName hostEnd() {
    return hostEnd;
  }

  /**
   * Waits until both ends are operationally up ({@link OperState}), at most {@link #READY}: a new
   * veth end drops what it sends until then, so a first probe packet would be lost.
   *
   * @throws KernelException (ETIMEDOUT) when one end is not up in time
   */
  void awaitUp() {
    long deadline = System.nanoTime() + READY.toNanos();
    while (!(outside.call(() -> isUp(outsideEnd)) && isUp(hostEnd))) {
      if (System.nanoTime() > deadline) {
        throw new KernelException("ip link set " + hostEnd + " up", Errno.ETIMEDOUT, "the outside link is not up after " + READY.toSeconds() + " s");
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static boolean isUp(InterfaceName name) {
    try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
      return OperState.isUp(s, name);
    }
  }

  /** {@code ip link del HOSTEND} in the host (its peer goes with it; nothing when it is gone), then lets the namespace go. */
  @Override
  public void close() {
    try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
      s.ack(Requests.deleteLink(hostEnd));
    } catch (NetlinkException e) {
      if (e.errno() != Errno.ENODEV) {
        throw e;
      }
    } finally {
      outside.close();
    }
  }
}
