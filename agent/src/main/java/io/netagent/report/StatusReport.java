package io.netagent.report;

import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Network;
import io.netagent.observed.Ownership;
import io.netagent.plan.Absence;
import io.netagent.plan.Conflict;
import io.netagent.plan.Owner;
import io.netagent.plan.Plan;
import io.netagent.plan.PlannedOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The state of each declared object, from the plan that would converge it, grouped by the owner
 * the planner gave each operation and conflict: converged (nothing to do), missing (it would be
 * created), differs (it would be changed), absent (its namespace is gone: under the daemon's policy, which
 * status uses), blocked (a conflict).
 */
public final class StatusReport {
  private static final List<String> WORSE = List.of("converged", "differs", "missing", "absent (namespace gone)",
      "absent (namespace not created yet)", "blocked");

  /**
   * One object's state and the plan lines behind it.
   *
   * @param facts what the object is, for machines: a network's bridge, subnet, gateway, subnet6 and
   *     gateway6, a container's namespace, ip and ip6, each only when it has one
   */
  public record Entry(String object, String label, Map<String, String> facts, String state, List<String> details) {}

  private final Map<Owner, Entry> entries = new LinkedHashMap<>();

  private StatusReport() {}

  /** One entry per declared object (and one for what is owned but no longer declared), in declaration order. */
  public static List<Entry> of(DesiredState desired, Plan plan) {
    StatusReport report = new StatusReport();
    for (Network n : desired.networks()) {
      Optional<BridgeIpv4> v4 = n.bridge().ipv4();
      Optional<BridgeIpv6> v6 = n.bridge().ipv6();
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("bridge", n.bridge().name().toString());
      v4.ifPresent(b -> facts.put("subnet", b.subnet().toString()));
      v4.ifPresent(b -> facts.put("gateway", b.gateway().toString()));
      v6.ifPresent(b -> facts.put("subnet6", b.subnet().toString()));
      v6.ifPresent(b -> facts.put("gateway6", b.gateway().toString()));
      String subnets = both(v4.map(BridgeIpv4::subnet), v6.map(BridgeIpv6::subnet));
      report.declare(Owner.network(n.name()), " (bridge " + n.bridge().name() + ", " + subnets + ")", facts);
    }
    for (Container c : desired.containers()) {
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("namespace", c.namespace().display());
      c.ipv4().ifPresent(a -> facts.put("ip", a.address().toString()));
      c.ipv6().ifPresent(a -> facts.put("ip6", a.address().toString()));
      String addresses = both(c.ipv4().map(Ipv4Cidr::address), c.ipv6().map(Ipv6Cidr::address));
      report.declare(Owner.container(c.name()), " (" + addresses + " in namespace " + c.namespace().display() + ")", facts);
    }
    if (!desired.networks().isEmpty()) {
      report.declare(Owner.HOST, " (forwarding)", Map.of());
      // The ip6 table joins the ip one as soon as a network has IPv6 (docs/kernel-facts.md §11E).
      boolean ipv6 = desired.networks().stream().anyMatch(n -> n.bridge().ipv6().isPresent());
      String tables = ipv6 ? "nftables tables ip " + Ownership.NAT_TABLE + " and ip6 " + Ownership.NAT_TABLE : "nftables table ip " + Ownership.NAT_TABLE;
      report.entries.put(Owner.NAT_TABLE, new Entry(Owner.NAT_TABLE.toString(), tables, Map.of(), "converged", new ArrayList<>()));
    }
    for (PlannedOperation step : plan.steps()) {
      report.mark(step.owner(), step.operation().createsObject() ? "missing" : "differs", PlanText.line(step.operation()));
    }
    for (Absence absence : plan.absences()) {
      report.mark(absence.owner(), "absent (" + absence.reason() + ")", "- " + absence);
    }
    for (Conflict conflict : plan.conflicts()) {
      report.mark(conflict.owner(), "blocked", "! " + conflict);
    }
    return List.copyOf(report.entries.values());
  }

  private void declare(Owner owner, String details, Map<String, String> facts) {
    entries.put(owner, new Entry(owner.toString(), owner + details, Collections.unmodifiableMap(facts), "converged", new ArrayList<>()));
  }

  /** Worse states win: blocked over missing over differs over converged. */
  private void mark(Owner owner, String state, String detail) {
    Entry entry = entries.computeIfAbsent(owner, o -> new Entry(o.toString(), o.toString(), Map.of(), "differs", new ArrayList<>()));
    String worse = WORSE.indexOf(state) > WORSE.indexOf(entry.state()) ? state : entry.state();
    entry.details().add(detail);
    entries.put(owner, new Entry(entry.object(), entry.label(), entry.facts(), worse, entry.details()));
  }

  /** The IPv4 value, then the IPv6 one, of those there are: a dual-stack object shows both. */
  private static String both(Optional<?> ipv4, Optional<?> ipv6) {
    return Stream.concat(ipv4.stream(), ipv6.stream()).map(Object::toString).collect(Collectors.joining(", "));
  }
}
