package io.netagent.kernel.netlink;

import io.netagent.kernel.Probe;
import io.netagent.model.IpFamily;
import java.util.Optional;

/**
 * The prober's own nftables table, {@code ip|ip6 netagent-trace-PID}: never netagent's name, so
 * netagent neither reads nor replaces it, and one per process. At prerouting and output, before
 * everything else (priority -350, raw), one rule marks the probe's first packet by its 5-tuple
 * ({@code meta nftrace set 1}); at postrouting and input, after everything else (300, past NAT at
 * 100), one rule drops it by its connection's original tuple, so the probe never leaves the host
 * nor reaches a socket, and its conntrack entry, never confirmed, goes with it. The packet a
 * trace event shows at that last hook is the one the kernel would send (after DNAT and SNAT).
 * ({@code meta nftrace} can be set but not matched: EOPNOTSUPP.)
 */
final class TraceTable {
  static final String PREFIX = "netagent-trace-";
  static final String PREROUTING = "prerouting";
  static final String OUTPUT = "output";
  static final String POSTROUTING = "postrouting";
  static final String INPUT = "input";

  private TraceTable() {}

  static String family(IpFamily family) {
    return family == IpFamily.IPV4 ? "ip" : "ip6";
  }

  static String name() {
    return PREFIX + ProcessHandle.current().pid();
  }

  /** The process a trace table belongs to, when {@code table} is one. */
  static Optional<Long> pidOf(String table) {
    if (!table.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(table.substring(PREFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The nft commands that create the table for {@code probe}, whose packets leave from {@code sourcePort}. */
  static String create(Probe probe, int sourcePort) {
    String family = family(probe.family());
    String table = family + " " + name();
    String proto = probe.protocol().toString();
    String mark = "meta l4proto " + proto + " th sport " + sourcePort + " th dport " + probe.port() + " " + family + " daddr "
        + probe.destination() + " meta nftrace set 1";
    String drop = "meta l4proto " + proto + " ct original proto-src " + sourcePort + " ct original proto-dst " + probe.port()
        + " ct original " + family + " daddr " + probe.destination() + " drop";
    return "add table " + table + "\n"
        + chain(table, PREROUTING, "prerouting", -350) + "add rule " + table + " " + PREROUTING + " " + mark + "\n"
        + chain(table, OUTPUT, "output", -350) + "add rule " + table + " " + OUTPUT + " " + mark + "\n"
        + chain(table, POSTROUTING, "postrouting", 300) + "add rule " + table + " " + POSTROUTING + " " + drop + "\n"
        + chain(table, INPUT, "input", 300) + "add rule " + table + " " + INPUT + " " + drop + "\n";
  }

  static String delete(IpFamily family) {
    return "delete table " + family(family) + " " + name() + "\n";
  }

  private static String chain(String table, String name, String hook, int priority) {
    return "add chain " + table + " " + name + " { type filter hook " + hook + " priority " + priority + "; policy accept; }\n";
  }
}
