package io.netagent.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Keeps two netagent processes from changing the kernel at once: an exclusive lock (fcntl) on a
 * file under the state directory, which also names the process holding it. The kernel drops the
 * lock when the process ends, however it ends.
 */
public final class ApplyLock implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final FileChannel channel;
  private final FileLock lock;

  private ApplyLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock at {@code file}, waiting up to {@code timeout}.
   *
   * @param waiting told once, with the holder's pid, when the lock is taken by someone else
   * @throws LockTimeoutException naming the timeout and the holder
   */
  public static ApplyLock acquire(Path file, Duration timeout, Consumer<String> waiting) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean told = false;
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          channel.truncate(0);
          channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
          return new ApplyLock(channel, lock);
        }
        String holder = holder(file);
        if (System.nanoTime() >= deadline) {
          channel.close();
          throw new LockTimeoutException("gave up after " + timeout.toSeconds() + " s waiting for " + file + ", held by process "
              + holder + " (another netagent apply, down or run)");
        }
        if (!told) {
          waiting.accept("waiting for " + file + ", held by process " + holder + " (another netagent apply, down or run); giving up after "
              + timeout.toSeconds() + " s");
          told = true;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockTimeoutException("interrupted while waiting for " + file);
    }
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
