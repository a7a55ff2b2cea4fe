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
  public static final int SOCK_DGRAM = 2;
  public static final int SO_RCVTIMEO = 20;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVBUF = 8;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUFFORCE = 33;
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
  public static void setReceiveTimeout(int fd, int seconds) {
    int[] timeval = {seconds, 0, 0, 0};
    check(LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16), "setsockopt", "(SO_RCVTIMEO)");
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

  public static void umount2(String target, int flags) {
    check(LIBC.umount2(target, flags), "umount2", target);
  }
}
