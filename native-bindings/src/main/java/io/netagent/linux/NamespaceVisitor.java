package io.netagent.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One platform thread that visits network namespaces: for each task it enters the namespace
 * with {@code setns(2)}, runs the task, and goes back to the namespace it started in before it
 * takes the next. For the short things that must happen inside a namespace (opening a socket,
 * which then stays bound to that namespace whichever thread uses it; reading or writing its
 * /proc/sys), so that a thousand namespaces do not cost a thousand threads.
 *
 * <p>If the way back fails the thread is retired and a fresh one takes over, so no task ever
 * runs in a namespace it did not ask for (docs/kernel-facts.md §3).
 */
public final class NamespaceVisitor implements AutoCloseable {
  private static final String THREAD_NETNS = "/proc/thread-self/ns/net";

  private ExecutorService executor;
  private int home = -1;

  /** Runs {@code task} inside the namespace {@code file} refers to; its exceptions come back unwrapped. */
  public synchronized <T> T visit(Path file, Callable<T> task) {
    if (executor == null) {
      executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "netns-visitor");
        t.setDaemon(true);
        return t;
      });
      home = NamespaceThread.await(executor.submit(() -> Syscalls.openReadOnly(THREAD_NETNS)));
    }
    return NamespaceThread.await(executor.submit(() -> {
      int target = Syscalls.openReadOnly(file.toString());
      try {
        Syscalls.setns(target, Syscalls.CLONE_NEWNET, file + " (is it a network namespace?)");
      } finally {
        Syscalls.close(target);
      }
      try {
        return task.call();
      } finally {
        goHome();
      }
    }));
  }

  private void goHome() {
    try {
      Syscalls.setns(home, Syscalls.CLONE_NEWNET, "the visitor's own namespace");
    } catch (SystemCallException e) {
      retire();
      throw e;
    }
  }

  /** The inode of the namespace the calling thread is in (inside {@link #visit}: the visited one). */
  public static long currentInode() {
    try {
      return NamespaceThread.inodeOfLink(Path.of(THREAD_NETNS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets the current thread end after its task; the next visit starts a new one. */
  private void retire() {
    Syscalls.close(home);
    executor.shutdown();
    executor = null;
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      int fd = home;
      executor.submit(() -> {
        Syscalls.close(fd);
        return null;
      });
      executor.shutdown();
      executor = null;
    }
  }
}
