package io.netagent.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One dedicated platform thread that lives in one network namespace: it enters the namespace
 * once, with {@code setns(2)}, when it starts, and then runs every task submitted for that
 * namespace. Sockets it opens, and /proc/sys it reads and writes, belong to that namespace.
 *
 * <p>Why a thread of its own: setns moves only the calling thread, and a pooled thread that
 * moved would carry the foreign namespace into unrelated work (docs/kernel-facts.md §3). This
 * thread is never shared and never returns to another namespace.
 */
public final class NamespaceThread implements AutoCloseable {
  private static final Path THREAD_NETNS = Path.of("/proc/thread-self/ns/net");

  private final String name;
  private final ThreadPoolExecutor executor;
  private volatile Thread owner;

  private NamespaceThread(String name) {
    this.name = name;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "netns-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** A thread in the namespace netagent itself runs in. */
  public static NamespaceThread host() {
    NamespaceThread thread = new NamespaceThread("host");
    thread.enterOnce(null);
    return thread;
  }

  /**
   * A thread in the namespace that {@code file} refers to ({@code /run/netns/NAME} or
   * {@code /proc/PID/ns/net}).
   *
   * @throws SystemCallException when the file cannot be opened (ENOENT) or entered
   */
  public static NamespaceThread enter(String name, Path file) {
    NamespaceThread thread = new NamespaceThread(name);
    thread.enterOnce(file);
    return thread;
  }

  /**
   * A thread in a new, anonymous network namespace of its own ({@code unshare(CLONE_NEWNET)}):
   * nothing names it, so it goes, with every link in it, once the thread has ended and its
   * sockets are closed, even when the process is killed.
   */
  public static NamespaceThread fresh(String name) {
    NamespaceThread thread = new NamespaceThread(name);
    thread.enterOnce(null, true);
    return thread;
  }

  private void enterOnce(Path file) {
    enterOnce(file, false);
  }

  private void enterOnce(Path file, boolean unshare) {
    try {
      submit(() -> {
        if (unshare) {
          Syscalls.unshare(Syscalls.CLONE_NEWNET);
        }
        if (file != null) {
          int fd = Syscalls.openReadOnly(file.toString());
          try {
            Syscalls.setns(fd, Syscalls.CLONE_NEWNET, file + " (is it a network namespace?)");
          } finally {
            Syscalls.close(fd);
          }
        }
        owner = Thread.currentThread();
        return null;
      });
    } catch (RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  /** Runs {@code task} on this namespace's thread and returns its result; its exceptions come back unwrapped. */
  public <T> T call(Callable<T> task) {
    return submit(guarded(task));
  }

  /** Starts {@code task} on this namespace's thread; {@link #await} gives its result. */
  public <T> Future<T> start(Callable<T> task) {
    return executor.submit(guarded(task));
  }

  /** The result of a task started with {@link #start}; its exceptions come back unwrapped. */
  public static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a namespace thread", e);
    }
  }

  private <T> Callable<T> guarded(Callable<T> task) {
    return () -> {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("the thread of namespace " + name + " was replaced; its namespace is unknown");
      }
      return task.call();
    };
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException("task on a namespace thread failed", cause);
  }

  private <T> T submit(Callable<T> task) {
    return await(executor.submit(task));
  }

  /** The inode of the namespace this thread is in, to tell whether a file still refers to it. */
  public long namespaceInode() {
    return call(() -> inodeOfLink(THREAD_NETNS));
  }

  /** The namespace inode {@code net:[N]} that a /proc/.../ns/net link names. */
  static long inodeOfLink(Path link) throws IOException {
    String target = Files.readSymbolicLink(link).toString();
    return Long.parseLong(target.substring(target.indexOf('[') + 1, target.indexOf(']')));
  }

  /** The namespace inode a namespace file (such as a bind mount under /run/netns) refers to. */
  public static long inodeOfFile(Path file) throws IOException {
    return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
  }

  public String name() {
    return name;
  }

  /** Ends the thread and waits until it has ended, so that it no longer holds its namespace. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the thread of namespace " + name + " did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
