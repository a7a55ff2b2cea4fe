package io.netagent.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that waits for a change to be confirmed, told apart from any other: its pid, when
 * it started (a pid is reused) and the boot it runs in (after a reboot every pid is someone
 * else's). A waiter that is no longer alive left its change to the next start, which rolls it back.
 *
 * @param pid its process id
 * @param started when it started, as {@link ProcessHandle.Info#startInstant} tells; "" when unknown
 * @param boot the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}); "" when unknown
 */
public record Waiter(long pid, String started, String boot) {
  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

  /** This process. */
  public static Waiter current() {
    ProcessHandle self = ProcessHandle.current();
    return new Waiter(self.pid(), startOf(self), bootId());
  }

  /** Whether this process still runs: the same boot, the same pid, started at the same time. */
  public boolean alive() {
    if (!boot.equals(bootId())) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isPresent() && process.get().isAlive() && (started.isEmpty() || started.equals(startOf(process.get())));
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("");
  }

  private static String bootId() {
    try {
      return Files.readString(BOOT_ID).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
