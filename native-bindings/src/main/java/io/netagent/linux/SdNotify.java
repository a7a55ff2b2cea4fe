package io.netagent.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells systemd about the service's state (sd_notify(3)): one datagram per message to the
 * AF_UNIX socket named in {@code $NOTIFY_SOCKET}, a path or, with a leading '@', an abstract
 * name. JDK 17's DatagramChannel cannot do AF_UNIX, hence libc.
 */
public final class SdNotify implements AutoCloseable {
  private final int fd;
  private final byte[] address;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);

  private SdNotify(int fd, byte[] address) {
    this.fd = fd;
    this.address = address;
  }

  /** A notifier for {@code $NOTIFY_SOCKET}, or empty when the service was not started by systemd with Type=notify. */
  public static Optional<SdNotify> fromEnvironment() {
    String socket = System.getenv("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return Optional.empty();
    }
    int fd = Syscalls.socket(Syscalls.AF_UNIX, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
    return Optional.of(new SdNotify(fd, sockaddr(socket)));
  }

  /**
   * {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }}, as long as the
   * name needs: a path with its NUL, or an abstract name (NUL first, no trailing NUL).
   */
  static byte[] sockaddr(String socket) {
    byte[] name = socket.getBytes(StandardCharsets.UTF_8);
    boolean abstractName = socket.startsWith("@");
    if (name.length >= 108) {
      throw new IllegalArgumentException("NOTIFY_SOCKET is longer than sun_path: " + socket);
    }
    ByteBuffer b = ByteBuffer.allocate(2 + name.length + (abstractName ? 0 : 1)).order(ByteOrder.nativeOrder());
    b.putShort((short) Syscalls.AF_UNIX);
    if (abstractName) {
      b.put((byte) 0).put(name, 1, name.length - 1);
    } else {
      b.put(name).put((byte) 0);
    }
    return b.array();
  }

  /** Sends one message, such as {@code READY=1} or {@code STATUS=...}; lines are separated by newlines. */
  public synchronized void send(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    buffer.clear();
    buffer.put(bytes, 0, Math.min(bytes.length, buffer.capacity())).flip();
    Syscalls.sendto(fd, buffer, address);
  }

  @Override
  public void close() {
    Syscalls.close(fd);
  }
}
