package io.netagent.kernel.netlink;

import io.netagent.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Sysctls under /proc/sys/net, which act on the network namespace of the calling thread: call
 * these only on the namespace's own thread.
 */
final class ProcSys {
  private ProcSys() {}

  /** Per-link directories: the link's name may hold dots, which are not separators there. */
  private static final List<String> PER_LINK = List.of("net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.", "net.ipv6.neigh.");

  /** The file of {@code key}: {@code net.ipv6.conf.eth0.100.accept_ra} is net/ipv6/conf/eth0.100/accept_ra. */
  static Path path(String key) {
    for (String prefix : PER_LINK) {
      int setting = key.lastIndexOf('.');
      if (key.startsWith(prefix) && setting > prefix.length()) {
        return Path.of("/proc/sys", prefix.replace('.', '/'), key.substring(prefix.length(), setting), key.substring(setting + 1));
      }
    }
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
