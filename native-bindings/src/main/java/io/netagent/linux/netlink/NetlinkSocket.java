package io.netagent.linux.netlink;

import io.netagent.linux.Errno;
import io.netagent.linux.Syscalls;
import io.netagent.linux.SystemCallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A netlink request socket: one request at a time, answered by an ACK, a reply, or a dump.
 *
 * <p>The socket belongs to the network namespace of the thread that opened it, whichever thread
 * uses it later (see docs/kernel-facts.md §3); open it on that namespace's own thread. Not
 * thread-safe. Extended ACK is on, so refusals carry the kernel's own message; CAP_ACK is on,
 * so errors do not echo the whole request.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** Dump parts are at most 32 KiB (docs/kernel-facts.md §1); anything longer than this was truncated. */
  private static final int RECEIVE_BUFFER = 1 << 17;
  private static final int MAX_DUMP_ATTEMPTS = 10;
  private static final byte[] KERNEL = sockaddr(0, 0);
  private static final int EVENT_BUFFER = 4 << 20;

  private final int fd;
  private final int portId;
  /**
   * Buffers belong to the thread, not the socket: netagent holds a socket or two per namespace,
   * and 192 KiB of buffer each would make 1000 namespaces cost hundreds of MiB. Messages are
   * copied out of the buffer, so a buffer is free again after each receive.
   */
  private static final ThreadLocal<ByteBuffer> RECEIVE = ThreadLocal.withInitial(() -> directBuffer(RECEIVE_BUFFER));
  private static final ThreadLocal<ByteBuffer> SEND = ThreadLocal.withInitial(() -> directBuffer(1 << 16));
  private int seq = 1;
  private boolean closed;

  private NetlinkSocket(int fd, int portId) {
    this.fd = fd;
    this.portId = portId;
  }

  /**
   * Opens a socket for {@code protocol} (NETLINK_ROUTE, NETLINK_NETFILTER) in the calling
   * thread's namespace. Dump requests are checked strictly (NETLINK_GET_STRICT_CHK), which is
   * what makes rtnetlink honour the filters in them (an ifindex in the header, RTA_OIF): without
   * it they are ignored and the whole table comes back.
   */
  public static NetlinkSocket open(int protocol) {
    int fd = Syscalls.socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, protocol);
    try {
      Syscalls.setsockopt(fd, Syscalls.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
      Syscalls.setsockopt(fd, Syscalls.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
      Syscalls.setsockopt(fd, Syscalls.SOL_NETLINK, Netlink.NETLINK_GET_STRICT_CHK, 1);
      Syscalls.bind(fd, sockaddr(0, 0));
      ByteBuffer name = ByteBuffer.wrap(Syscalls.getsockname(fd, 12)).order(ByteOrder.nativeOrder());
      return new NetlinkSocket(fd, name.getInt(4));
    } catch (RuntimeException e) {
      Syscalls.close(fd);
      throw e;
    }
  }

  /**
   * A socket that receives the notifications of multicast {@code groups} (RTNLGRP_*), for
   * {@link #receiveEvents}. Its receive buffer is 4 MiB (SO_RCVBUFFORCE, falling back to what
   * rmem_max allows) so that bursts fit; NETLINK_NO_ENOBUFS stays off, so an overrun is reported
   * instead of hidden. Wait for notifications with {@link NetlinkPoller}.
   */
  public static NetlinkSocket openSubscribed(int protocol, int... groups) {
    NetlinkSocket socket = open(protocol);
    try {
      try {
        Syscalls.setsockopt(socket.fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUFFORCE, EVENT_BUFFER);
      } catch (SystemCallException e) {
        Syscalls.setsockopt(socket.fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, EVENT_BUFFER);
      }
      for (int group : groups) {
        Syscalls.setsockopt(socket.fd, Syscalls.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
      }
      return socket;
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * The messages of the next datagram of notifications, without waiting: empty when none is
   * queued.
   *
   * @throws NetlinkOverrunException when notifications were lost (ENOBUFS): the receiver must
   *     assume anything changed and read the whole state again
   */
  public List<Message> receiveEvents() {
    try {
      return receive(Syscalls.MSG_DONTWAIT);
    } catch (SystemCallException e) {
      if (e.errno() == Errno.ENOBUFS) {
        throw new NetlinkOverrunException();
      }
      if (e.errno() == Errno.EAGAIN) {
        return List.of();
      }
      throw e;
    }
  }

  private static ByteBuffer directBuffer(int capacity) {
    return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
  }

  /** {@code struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }} */
  static byte[] sockaddr(int pid, int groups) {
    return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) Syscalls.AF_NETLINK).putShort((short) 0)
        .putInt(pid).putInt(groups).array();
  }

  /** The file descriptor, for {@link NetlinkPoller}. */
  int fd() {
    return fd;
  }

  /** The port id the kernel assigned this socket. */
  public int portId() {
    return portId;
  }

  /**
   * Sends a request and waits for its ACK.
   *
   * @throws NetlinkException when the kernel refuses it
   */
  public void ack(MessageBuilder request) {
    call(request);
  }

  /** Sends a request and returns the replies that came before its ACK (such as RTM_NEWNSID for RTM_GETNSID). */
  public List<Message> call(MessageBuilder request) {
    int s = send(request, Netlink.F_REQUEST | Netlink.F_ACK);
    List<Message> replies = new ArrayList<>();
    while (true) {
      for (Message m : receive()) {
        if (m.seq() != s) {
          continue;
        }
        if (m.type() == Netlink.NLMSG_ERROR) {
          int error = m.buffer().getInt(0);
          if (error == 0) {
            return replies;
          }
          throw error(m, -error);
        }
        replies.add(m);
      }
    }
  }

  /**
   * Dumps: sends a request with NLM_F_DUMP and returns every part. A dump interrupted by a
   * concurrent change (NLM_F_DUMP_INTR) is thrown away and done again.
   */
  public List<Message> dump(MessageBuilder request) {
    for (int attempt = 0; attempt < MAX_DUMP_ATTEMPTS; attempt++) {
      int s = send(request, Netlink.F_REQUEST | Netlink.F_DUMP);
      List<Message> parts = new ArrayList<>();
      boolean interrupted = false;
      boolean done = false;
      while (!done) {
        for (Message m : receive()) {
          if (m.seq() != s) {
            continue;
          }
          interrupted |= (m.flags() & Netlink.F_DUMP_INTR) != 0;
          if (m.type() == Netlink.NLMSG_DONE) {
            int status = m.payload().length >= 4 ? m.buffer().getInt(0) : 0;
            if (status < 0) {
              throw doneError(m, -status);
            }
            done = true;
          } else if (m.type() == Netlink.NLMSG_ERROR) {
            throw error(m, -m.buffer().getInt(0));
          } else {
            parts.add(m);
          }
        }
      }
      if (!interrupted) {
        return parts;
      }
    }
    throw new NetlinkException(Errno.EAGAIN.number(), "dump interrupted " + MAX_DUMP_ATTEMPTS + " times by concurrent changes");
  }

  private int send(MessageBuilder request, int flags) {
    requireOpen();
    int s = seq++;
    byte[] bytes = request.build(flags, s, portId);
    ByteBuffer send = SEND.get();
    if (send.capacity() < bytes.length) {
      send = directBuffer(bytes.length);
      SEND.set(send);
    }
    send.clear();
    send.put(bytes).flip();
    Syscalls.sendto(fd, send, KERNEL);
    return s;
  }

  private List<Message> receive() {
    return receive(0);
  }

  private List<Message> receive(int flags) {
    requireOpen();
    ByteBuffer receive = RECEIVE.get();
    int length = Syscalls.recv(fd, receive, flags);
    if (length > receive.capacity()) {
      throw new IllegalStateException("netlink datagram of " + length + " bytes truncated to " + receive.capacity());
    }
    return Message.parseAll(receive, length);
  }

  /**
   * A dump that failed once it began (strict checks of a dump request happen there): NLMSG_DONE
   * with a negative status, then the extended-ACK attributes if ACK_TLVS.
   */
  static NetlinkException doneError(Message m, int errno) {
    String text = "";
    if ((m.flags() & Netlink.F_ACK_TLVS) != 0 && m.payload().length > 4) {
      text = Attributes.parse(m.payload(), 4, m.payload().length).string(Netlink.NLMSGERR_ATTR_MSG).orElse("");
    }
    return new NetlinkException(errno, text);
  }

  /**
   * An error message: s32 error, the request's nlmsghdr, its payload unless CAPPED, then the
   * extended-ACK attributes if ACK_TLVS (docs/kernel-facts.md §1).
   */
  static NetlinkException error(Message m, int errno) {
    String text = "";
    if ((m.flags() & Netlink.F_ACK_TLVS) != 0 && m.payload().length >= 4 + Netlink.HEADER_SIZE) {
      ByteBuffer b = m.buffer();
      int innerLength = b.getInt(4);
      int offset = 4 + Netlink.HEADER_SIZE + ((m.flags() & Netlink.F_CAPPED) != 0 ? 0 : Netlink.align(innerLength - Netlink.HEADER_SIZE));
      if (offset <= m.payload().length) {
        text = Attributes.parse(m.payload(), offset, m.payload().length).string(Netlink.NLMSGERR_ATTR_MSG).orElse("");
      }
    }
    return new NetlinkException(errno, text);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("netlink socket is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Syscalls.close(fd);
    }
  }
}
