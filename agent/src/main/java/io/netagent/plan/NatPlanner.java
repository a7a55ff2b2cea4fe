package io.netagent.plan;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.PortMapping;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.operations.Action;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.NatChange;
import io.netagent.operations.Reason;
import io.netagent.operations.ReplaceNatTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Plans netagent's nftables table: replaced whole when it differs, deleted when nothing is declared. */
final class NatPlanner {
  private NatPlanner() {}

  /**
   * The table the configuration declares, or none when it declares no network; the networks with
   * IPv4 have their part (IPv6-only ones, none: it is an IPv4 table). Only the
   * containers the plan acts on publish ports: an absent or blocked container's mappings would
   * send connections to an address nobody answers (and its conntrack flows go with them).
   */
  static Optional<NatRuleset> desiredRuleset(DesiredState desired, List<Container> active) {
    if (desired.networks().isEmpty()) {
      return Optional.empty();
    }
    List<NatNetwork> networks = desired.networks().stream()
        .flatMap(n -> n.bridge().ipv4().stream()
            .map(v4 -> new NatNetwork(n.bridge().name(), v4.subnet(), n.bridge().nat().sourceNat(), n.isolated())))
        .toList();
    List<PortMapping> mappings = active.stream().map(Container::ports).flatMap(List::stream).toList();
    return Optional.of(new NatRuleset(networks, mappings));
  }

  static void plan(PlanContext ctx) {
    Optional<NatRuleset> wanted = desiredRuleset(ctx.desired, ctx.activeContainers());
    Optional<NatRuleset> present = ctx.observed.nat();
    if (wanted.equals(present)) {
      return;
    }
    if (wanted.isEmpty()) {
      ctx.add(Owner.UNDECLARED, new DeleteNatTable(present.get().mappings(), Reason.UNDECLARED));
      return;
    }
    NatRuleset before = present.orElse(new NatRuleset(List.of(), List.of()));
    List<NatChange> changes = changes(before, wanted.get());
    Reason reason = present.isEmpty() ? Reason.MISSING : Reason.differs("rules", summary(present.get()), summary(wanted.get()));
    Optional<NatRuleset> mapsOnly = present.filter(p -> p.unrecognized().isEmpty() && p.networks().equals(wanted.get().networks()));
    ctx.add(Owner.NAT_TABLE, new ReplaceNatTable(wanted.get(), changes, staleFlows(before, wanted.get()), mapsOnly, reason));
  }

  /**
   * The host ports whose flows the new ruleset makes stale: the old mappings it drops or points
   * elsewhere, and its new ones (a flow to a host service on that port from before the mapping
   * would keep going there).
   */
  static List<PortMapping> staleFlows(NatRuleset before, NatRuleset after) {
    Map<PortMapping.Key, PortMapping> next = index(after.mappings(), PortMapping::key);
    Map<PortMapping.Key, PortMapping> was = index(before.mappings(), PortMapping::key);
    List<PortMapping> stale = new ArrayList<>(before.mappings().stream().filter(m -> !m.equals(next.get(m.key()))).toList());
    after.mappings().stream().filter(m -> !was.containsKey(m.key())).forEach(stale::add);
    return stale;
  }

  /** What differs between two rulesets, in words, one line per network or port. */
  static List<NatChange> changes(NatRuleset before, NatRuleset after) {
    List<NatChange> changes = new ArrayList<>();
    before.unrecognized().forEach(u -> changes.add(new NatChange(Action.CHANGE, "changed outside netagent, replaced: " + u)));
    diff(index(before.networks(), NatNetwork::bridge), index(after.networks(), NatNetwork::bridge), changes,
        (was, now) -> now + " (was " + was.sourceNat() + " " + was.subnet() + (was.isolated() ? ", isolated" : ", not isolated") + ")");
    diff(index(before.mappings(), PortMapping::key), index(after.mappings(), PortMapping::key), changes,
        (was, now) -> "map " + now + " (was → " + was.containerIp() + ":" + was.containerPort()
            + was.hostIp().map(ip -> ", bound to " + ip).orElse("") + ")");
    return changes;
  }

  private static <K, V> void diff(Map<K, V> before, Map<K, V> after, List<NatChange> out, Changed<V> changed) {
    before.forEach((k, v) -> {
      if (!after.containsKey(k)) {
        out.add(new NatChange(Action.DELETE, label(v)));
      }
    });
    after.forEach((k, v) -> {
      V was = before.get(k);
      if (was == null) {
        out.add(new NatChange(Action.CREATE, label(v)));
      } else if (!was.equals(v)) {
        out.add(new NatChange(Action.CHANGE, changed.describe(was, v)));
      }
    });
  }

  private static String label(Object value) {
    return value instanceof PortMapping m ? "map " + m : value.toString();
  }

  private static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
    Map<K, V> map = new LinkedHashMap<>();
    values.forEach(v -> map.put(key.apply(v), v));
    return map;
  }

  private static String summary(NatRuleset ruleset) {
    String edited = ruleset.unrecognized().isEmpty() ? "" : ", " + ruleset.unrecognized().size() + " change(s) made outside netagent";
    return ruleset.networks().size() + " network(s), " + ruleset.mappings().size() + " port(s)" + edited;
  }

  @FunctionalInterface
  private interface Changed<V> {
    String describe(V was, V now);
  }
}
