package io.netagent.kernel.netlink;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Protocol;
import io.netagent.observed.Listener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The listening sockets of the calling thread's network namespace, from
 * /proc/thread-self/net/{tcp,udp,tcp6,udp6} ({@code ss -ltun} in spirit). /proc/self/net would
 * show the main thread's namespace instead; call this on the namespace's own thread.
 */
final class ProcNet {
  static final String TCP_LISTEN = "0A";
  static final String UDP_BOUND = "07";

  private ProcNet() {}

  static Set<Listener> listeners() {
    Set<Listener> result = new HashSet<>();
    read("tcp", Protocol.TCP, TCP_LISTEN, result);
    read("tcp6", Protocol.TCP, TCP_LISTEN, result);
    read("udp", Protocol.UDP, UDP_BOUND, result);
    read("udp6", Protocol.UDP, UDP_BOUND, result);
    return result;
  }

  private static void read(String file, Protocol protocol, String state, Set<Listener> out) {
    try {
      parse(Files.readAllLines(Path.of("/proc/thread-self/net", file)), protocol, state, out);
    } catch (IOException e) {
      // No such table (IPv6 off): nothing listens there.
    }
  }

  /** The sockets in {@code state} of one /proc/net table (its header line first). */
  static void parse(List<String> lines, Protocol protocol, String state, Set<Listener> out) {
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 4 || !fields[3].equals(state)) {
        continue;
      }
      String[] local = fields[1].split(":");
      ipv4(local[0]).ifPresent(address -> out.add(new Listener(protocol, address, Integer.parseInt(local[1], 16))));
    }
  }

  /**
   * The IPv4 address of a /proc/net address field: 8 hex digits, one 32-bit word in host
   * (little-endian) order; or 32 for IPv6, of which netagent cares for the wildcard and
   * IPv4-mapped addresses (a dual-stack socket takes IPv4 too).
   */
  private static Optional<Ipv4Address> ipv4(String hex) {
    if (hex.length() == 8) {
      return Optional.of(new Ipv4Address(Integer.reverseBytes((int) Long.parseLong(hex, 16))));
    }
    if (hex.equals("0".repeat(32))) {
      return Optional.of(new Ipv4Address(0));
    }
    if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
      return Optional.of(new Ipv4Address(Integer.reverseBytes((int) Long.parseLong(hex.substring(24), 16))));
    }
    return Optional.empty();
  }
}
