package io.netagent.kernel.netlink;

import io.netagent.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Sysctls under /proc/sys/net, which act on the network namespace of the calling thread: call
 * these only on the namespace's own thread.
 */
final class ProcSys {
  /** More than any value netagent reads (a number). */
  private static final int VALUE_BYTES = 4096;

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
      // One read(2) with room for the whole value: Files.readString reads a file whose size is 0
      // one byte first, and a sysctl read at an offset past 0 is empty (proc_dointvec), so
      // proxy_delay's "80" came back as "8".
      try (InputStream in = Files.newInputStream(path(key))) {
        return Optional.of(new String(in.readNBytes(VALUE_BYTES), StandardCharsets.US_ASCII).trim());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes the value; a refusal is a SystemCallException with its errno (ENOENT, EINVAL). */
  static void write(String key, String value) {
    Syscalls.writeFile(path(key).toString(), value);
  }
}
