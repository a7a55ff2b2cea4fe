package io.netagent.linux.netlink;

import io.netagent.linux.Syscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits on many netlink sockets at once with {@code poll(2)}, so that one thread can follow the
 * notifications of a thousand namespaces instead of a thread (and its stack) per namespace.
 * {@link #wakeUp} (any thread) ends a wait early, through an eventfd, so the waiting thread can
 * take a changed set of sockets into account at once.
 */
public final class NetlinkPoller implements AutoCloseable {
  private static final int POLLFD_SIZE = 8;

  private final int wakeUp = Syscalls.eventfd();
  private ByteBuffer fds = ByteBuffer.allocateDirect(POLLFD_SIZE * 64).order(ByteOrder.nativeOrder());

  /**
   * The sockets of {@code sockets} that have something to receive, waiting at most
   * {@code timeoutMillis} for one or for {@link #wakeUp}; empty on timeout or wake-up.
   */
  public List<NetlinkSocket> ready(List<NetlinkSocket> sockets, int timeoutMillis) {
    int count = sockets.size() + 1;
    if (fds.capacity() < count * POLLFD_SIZE) {
      fds = ByteBuffer.allocateDirect(count * 2 * POLLFD_SIZE).order(ByteOrder.nativeOrder());
    }
    for (int i = 0; i < count; i++) {
      fds.putInt(i * POLLFD_SIZE, i == 0 ? wakeUp : sockets.get(i - 1).fd());
      fds.putShort(i * POLLFD_SIZE + 4, Syscalls.POLLIN);
      fds.putShort(i * POLLFD_SIZE + 6, (short) 0);
    }
    int readyCount = Syscalls.poll(fds, count, timeoutMillis);
    List<NetlinkSocket> ready = new ArrayList<>(readyCount);
    if (readyCount > 0 && fds.getShort(6) != 0) {
      Syscalls.drain(wakeUp);
    }
    for (int i = 1; i < count; i++) {
      // Any revents (POLLIN, or POLLERR for ENOBUFS) means a receive will not block.
      if (fds.getShort(i * POLLFD_SIZE + 6) != 0) {
        ready.add(sockets.get(i - 1));
      }
    }
    return ready;
  }

  /** Ends the current (or the next) wait of {@link #ready}. */
  public void wakeUp() {
    Syscalls.signal(wakeUp);
  }

  @Override
  public void close() {
    Syscalls.close(wakeUp);
  }
}
