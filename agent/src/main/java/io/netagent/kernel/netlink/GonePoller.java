package io.netagent.kernel.netlink;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs a check at a fixed interval until closed: how netagent notices
 * that a namespace it holds a session in went away. Nothing in the kernel tells a process that
 * holds a reference on a namespace that everyone else let go of it (its own reference is what
 * keeps it), so the namespace's file is looked at instead (docs/kernel-facts.md §9).
 */
final class GonePoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GonePoller.class);

  private final Duration interval;
  private final Runnable check;
  private final Thread thread;
  private boolean stopped;

  /** Starts the thread; the first check runs after one {@code interval}. */
  GonePoller(Duration interval, Runnable check) {
    this.interval = interval;
    this.check = check;
    this.thread = new Thread(this::run, "netns-gone-poller");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (pause()) {
      try {
        check.run();
      } catch (RuntimeException e) {
        // A check that failed once (a close refused) is tried again next time: the thread must
        // outlive it, or a namespace would be held until the daemon ends.
        LOG.warn("checking whether namespaces went away: {}", e.toString());
      }
    }
  }

  /** Waits one interval; false once stopped. Not an interrupt: that could cut a close short. */
  private synchronized boolean pause() {
    long end = System.nanoTime() + interval.toNanos();
    for (long left = interval.toNanos(); !stopped && left > 0; left = end - System.nanoTime()) {
      try {
        wait(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        return false;
      }
    }
    return !stopped;
  }

  /** Stops the thread and waits for a check under way to end. */
  @Override
  public void close() {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
