package io.netagent.kernel;

import io.netagent.model.IpAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel did with a probe: the nftables trace events of its first packet, in order
 * (netagent's tables, others', and the prober's own, {@code traceTable}), the route lookup of its
 * destination after any DNAT, and whether bridged IPv4 traffic passes the IP hooks
 * ({@code br_netfilter}).
 */
public record KernelTrace(String traceTable, List<Event> events, Route route, boolean bridgeNetfilter) {
  public KernelTrace {
    Objects.requireNonNull(traceTable);
    events = List.copyOf(events);
    Objects.requireNonNull(route);
  }

  /** What one event is: a rule that matched, a chain's policy, a return from a chain. */
  public enum EventType { RULE, POLICY, RETURN }

  /**
   * One trace event.
   *
   * @param family the table's family ({@code ip}, {@code ip6}, {@code inet}, ...)
   * @param comment the rule's comment, when it has one (netagent's rules each name themselves)
   * @param verdict {@code accept}, {@code drop}, {@code continue}, {@code jump CHAIN}, ...
   * @param iif the interface it arrived on, with the first event of each hook
   * @param oif the interface it leaves by, with the first event of each hook
   * @param packet its addresses and ports at that hook, with the first event of each hook
   */
  public record Event(String family, String table, String chain, EventType type, Optional<Long> handle, Optional<String> comment,
      String verdict, Optional<String> iif, Optional<String> oif, Optional<Header> packet) {}

  /** A packet's addresses and ports as a hook saw them. */
  public record Header(IpAddress source, IpAddress destination, int sourcePort, int destinationPort) {}

  /**
   * The route lookup: {@code type} as {@code ip route get} names it ({@code local}, {@code unicast},
   * {@code unreachable}, ...), the interface, and the refusal when the kernel has no route.
   */
  public record Route(String type, Optional<String> oif, Optional<String> refusal) {}
}
