package io.netagent.linux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Checked wrappers around {@link LibC}: -1 becomes a {@link SystemCallException} with the errno
 * saved right after the call on the calling thread, and calls interrupted by a signal are retried.
 */
public final class Syscalls {
  public static final int AF_UNIX = 1;
  public static final int AF_NETLINK = 16;
  public static final int AF_PACKET = 17;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVBUF = 8;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int SO_RCVTIMEO = 20;
  public static final int SOL_NETLINK = 270;
  public static final int MSG_TRUNC = 0x20;
  public static final int MSG_DONTWAIT = 0x40;
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_CLOEXEC = 0x80000;
  public static final int CLONE_NEWNET = 0x40000000;
  public static final long MS_BIND = 4096;
  public static final long MS_REC = 16384;
  public static final long MS_SHARED = 1 << 20;
  public static final int MNT_DETACH = 2;
  public static final short POLLIN = 1;
  public static final int EFD_NONBLOCK = 0x800;
  public static final int EFD_CLOEXEC = 0x80000;

  private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  private Syscalls() {}

  private static int check(int result, String call, String detail) {
    if (result < 0) {
      throw new SystemCallException(call, Errno.of(RUNTIME.getLastError()), detail);
    }
    return result;
  }

  public static int socket(int domain, int type, int protocol) {
    return check(LIBC.socket(domain, type, protocol), "socket", "");
  }

  public static void bind(int fd, byte[] address) {
    check(LIBC.bind(fd, address, address.length), "bind", "");
  }

  /** The socket's own address, {@code length} bytes of it. */
  public static byte[] getsockname(int fd, int length) {
    byte[] address = new byte[length];
    check(LIBC.getsockname(fd, address, new int[] {length}), "getsockname", "");
    return address;
  }

  public static void setsockopt(int fd, int level, int name, int value) {
    check(LIBC.setsockopt(fd, level, name, new int[] {value}, 4), "setsockopt", "(level " + level + ", option " + name + ")");
  }

  /** Sets a receive timeout (struct timeval, 16 bytes on 64-bit Linux): recv then fails with EAGAIN. */
  public static void setReceiveTimeout(int fd, int millis) {
    byte[] timeval = PacketSocket.timeval(millis);
    check(LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length), "setsockopt", "(SO_RCVTIMEO)");
  }

  /** The index of interface {@code name} in the calling thread's namespace; ENODEV when it has none of that name. */
  public static int interfaceIndex(String name) {
    int index = LIBC.if_nametoindex(name);
    if (index == 0) {
      throw new SystemCallException("if_nametoindex", Errno.of(RUNTIME.getLastError()), name);
    }
    return index;
  }

  /**
   * Receives one datagram into a direct buffer, waiting at most the socket's receive timeout (not
   * at all with {@link #MSG_DONTWAIT}); returns its full length, or -1 when there was none (EAGAIN).
   */
  public static int recvOrTimeout(int fd, ByteBuffer buffer, int flags) {
    try {
      return recv(fd, buffer, flags);
    } catch (SystemCallException e) {
      if (e.errno() == Errno.EAGAIN) {
        return -1;
      }
      throw e;
    }
  }

  /** Sends bytes 0..limit of a direct buffer to {@code to}. */
  public static void sendto(int fd, ByteBuffer buffer, byte[] to) {
    while (true) {
      long sent = LIBC.sendto(fd, buffer, buffer.limit(), 0, to, to.length);
      if (sent >= 0) {
        return;
      }
      int errno = RUNTIME.getLastError();
      if (errno != Errno.EINTR.number()) {
        throw new SystemCallException("sendto", Errno.of(errno), "");
      }
    }
  }

  /** Receives one datagram into a direct buffer; returns its full length (more than the buffer if truncated). */
  public static int recv(int fd, ByteBuffer buffer, int flags) {
    while (true) {
      long received = LIBC.recv(fd, buffer, buffer.capacity(), flags | MSG_TRUNC);
      if (received >= 0) {
        return (int) received;
      }
      int errno = RUNTIME.getLastError();
      if (errno != Errno.EINTR.number()) {
        throw new SystemCallException("recv", Errno.of(errno), "");
      }
    }
  }

  public static void close(int fd) {
    check(LIBC.close(fd), "close", "");
  }

  /** Opens a file read-only, close-on-exec; for namespace files. */
  public static int openReadOnly(String path) {
    return check(LIBC.open(path, O_RDONLY | O_CLOEXEC), "open", path);
  }

  /**
   * Writes {@code text} to an existing file in one write(2), as /proc/sys wants, so that a
   * refusal comes back with its errno (EINVAL for a value the sysctl rejects).
   */
  public static void writeFile(String path, String text) {
    int fd = check(LIBC.open(path, O_WRONLY | O_CLOEXEC), "open", path);
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      while (true) {
        long written = LIBC.write(fd, bytes, bytes.length);
        if (written >= 0) {
          break;
        }
        int errno = RUNTIME.getLastError();
        if (errno != Errno.EINTR.number()) {
          throw new SystemCallException("write", Errno.of(errno), path);
        }
      }
    } finally {
      LIBC.close(fd);
    }
  }

  /** Enters the namespace {@code fd} refers to; {@code what} names it in an error. */
  public static void setns(int fd, int nstype, String what) {
    check(LIBC.setns(fd, nstype), "setns", what);
  }

  public static void unshare(int flags) {
    check(LIBC.unshare(flags), "unshare", "");
  }

  public static void mount(String source, String target, String filesystem, long flags) {
    check(LIBC.mount(source, target, filesystem, flags, null), "mount", source + " on " + target);
  }

  /** A non-blocking, close-on-exec eventfd(2) counting from 0, to wake a thread blocked in {@link #poll}. */
  public static int eventfd() {
    return check(LIBC.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd", "");
  }

  /** Adds one to an eventfd's counter, waking its pollers. */
  public static void signal(int eventfd) {
    byte[] one = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(1).array();
    if (LIBC.write(eventfd, one, 8) < 0) {
      throw new SystemCallException("write", Errno.of(RUNTIME.getLastError()), "(eventfd)");
    }
  }

  /** Resets an eventfd's counter to zero (nothing happens if it already was). */
  public static void drain(int eventfd) {
    LIBC.read(eventfd, new byte[8], 8);
  }

  /**
   * Waits until one of {@code count} {@code struct pollfd} in {@code fds} (a direct buffer) is
   * ready or {@code timeoutMillis} passed; returns how many are ready (0 on timeout or a signal).
   */
  public static int poll(ByteBuffer fds, int count, int timeoutMillis) {
    int ready = LIBC.poll(fds, count, timeoutMillis);
    if (ready < 0 && RUNTIME.getLastError() == Errno.EINTR.number()) {
      return 0;
    }
    return check(ready, "poll", "");
  }

  public static void umount2(String target, int flags) {
    check(LIBC.umount2(target, flags), "umount2", target);
  }
}
