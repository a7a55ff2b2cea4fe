package io.netagent.kernel.netlink;

import io.netagent.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sysctls under /proc/sys/net, which act on the network namespace of the calling thread: call
 * these only on the namespace's own thread.
 */
final class ProcSys {
  private ProcSys() {}

  private static Path path(String key) {
    return Path.of("/proc/sys", key.replace('.', '/'));
  }

  /** The value, or empty when the sysctl does not exist (an interface that is gone). */
  static Optional<String> read(String key) {
    try {
      return Optional.of(Files.readString(path(key)).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes the value; a refusal is a SystemCallException with its errno (ENOENT, EINVAL). */
  static void write(String key, String value) {
    Syscalls.writeFile(path(key).toString(), value);
  }
}
