package io.netagent.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The packet socket the data-plane probe captures with, and the byte layouts it needs: its
 * address and a receive timeout. Opening one needs CAP_NET_RAW (packet(7)).
 *
 * <pre>
 * struct sockaddr_ll {            // 20 bytes
 *   unsigned short sll_family;    // AF_PACKET, host order
 *   __be16         sll_protocol;  // ETH_P_*, network order
 *   int            sll_ifindex;   // host order
 *   unsigned short sll_hatype;
 *   unsigned char  sll_pkttype;
 *   unsigned char  sll_halen;
 *   unsigned char  sll_addr[8];
 * };
 * struct timeval { time_t tv_sec; suseconds_t tv_usec; };   // 16 bytes on 64-bit Linux
 * </pre>
 */
public final class PacketSocket {
  /** Every protocol: what a capture of one interface binds to. */
  public static final int ETH_P_ALL = 0x0003;
  static final int SOCKADDR_LL_LENGTH = 20;

  private PacketSocket() {}

  /** A sockaddr_ll that binds a packet socket to {@code protocol} on interface {@code ifindex}. */
  public static byte[] bind(int protocol, int ifindex) {
    ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_LENGTH).order(ByteOrder.nativeOrder());
    b.putShort((short) Syscalls.AF_PACKET);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) protocol);
    b.order(ByteOrder.nativeOrder()).putInt(ifindex);
    return b.array();
  }

  /** A struct timeval of {@code millis}. */
  static byte[] timeval(int millis) {
    return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(millis / 1000).putLong((millis % 1000) * 1000L).array();
  }

  /**
   * A packet socket (SOCK_DGRAM: the link header is taken off, each datagram starts with the
   * network header) that sees every packet in and out of interface {@code ifindex} of the calling
   * thread's namespace, and waits at most {@code timeoutMillis} for each; the caller closes it.
   * Opened with protocol 0, which receives nothing, and only then bound to ETH_P_ALL on the
   * interface: a socket opened with ETH_P_ALL would queue every interface's packets until bound
   * (packet(7)).
   */
  public static int capture(int ifindex, int timeoutMillis) {
    int fd = Syscalls.socket(Syscalls.AF_PACKET, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
    try {
      Syscalls.setReceiveTimeout(fd, timeoutMillis);
      Syscalls.bind(fd, bind(ETH_P_ALL, ifindex));
      return fd;
    } catch (RuntimeException e) {
      Syscalls.close(fd);
      throw e;
    }
  }
}
