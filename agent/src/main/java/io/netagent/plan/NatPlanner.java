package io.netagent.plan;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Network;
import io.netagent.model.PortMapping;
import io.netagent.observed.NatRuleset.NatNetwork6;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.NatRuleset;
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

/** Plans netagent's nftables tables (ip, and ip6 with IPv6): replaced whole when they differ, deleted when nothing is declared. */
final class NatPlanner {
  private NatPlanner() {}

  /**
   * The tables the configuration declares, or none when it declares no network: the IPv4 and IPv6
   * parts of every network whose links the plan can make (a blocked network's bridge may be
   * someone else's, whose traffic netagent's masquerade and isolation rules must not touch). Only
   * the containers the plan acts on publish ports: an absent or blocked container's mappings
   * would send connections to an address nobody answers (and its conntrack flows go with them).
   */
  static Optional<NatRuleset> desiredRuleset(PlanContext ctx) {
    DesiredState desired = ctx.desired;
    if (desired.networks().isEmpty()) {
      return Optional.empty();
    }
    List<Network> wired = desired.networks().stream().filter(n -> !ctx.isNetworkBlocked(n.name())).toList();
    List<NatNetwork> networks = wired.stream()
        .flatMap(n -> n.bridge().ipv4().stream()
            .map(v4 -> new NatNetwork(n.bridge().name(), v4.subnet(), n.bridge().nat().sourceNat(), n.isolated())))
        .toList();
    List<NatNetwork6> networks6 = wired.stream()
        .flatMap(n -> n.bridge().ipv6().stream().map(v6 -> new NatNetwork6(n.bridge().name(), v6.subnet(), v6.sourceNat(), n.isolated())))
        .toList();
    List<Container> active = ctx.activeContainers();
    List<PortMapping> mappings = active.stream().map(Container::ports).flatMap(List::stream).toList();
    List<Ipv6PortMapping> mappings6 = active.stream().map(Container::ports6).flatMap(List::stream).toList();
    return Optional.of(new NatRuleset(networks, mappings, networks6, mappings6));
  }

  static void plan(PlanContext ctx) {
    Optional<NatRuleset> wanted = desiredRuleset(ctx);
    Optional<NatRuleset> present = ctx.observed.nat();
    if (wanted.equals(present)) {
      return;
    }
    if (wanted.isEmpty()) {
      ctx.add(Owner.UNDECLARED, new DeleteNatTable(present.get().mappings(), present.get().mappings6(), Reason.UNDECLARED));
      return;
    }
    NatRuleset before = present.orElse(NatRuleset.EMPTY);
    NatRuleset after = wanted.get();
    List<NatChange> changes = changes(before, after);
    Reason reason = present.isEmpty() ? Reason.MISSING : Reason.differs("rules", summary(present.get()), summary(after));
    // Element updates need both tables there already and every rule the same (§5.6); a table
    // that comes or goes (an IPv6 part or none) takes the whole replacement.
    Optional<NatRuleset> mapsOnly = present.filter(p -> p.unrecognized().isEmpty() && p.networks().equals(after.networks())
        && p.networks6().equals(after.networks6()) && p.hasIpv6() == after.hasIpv6());
    ctx.add(Owner.NAT_TABLE, new ReplaceNatTable(after, changes, staleFlows(before.mappings(), after.mappings(), PortMapping::key),
        staleFlows(before.mappings6(), after.mappings6(), Ipv6PortMapping::key), mapsOnly, reason));
  }

  /**
   * The host ports of one family whose flows the new ruleset makes stale: the old mappings it
   * drops or points elsewhere, and its new ones (a flow to a host service on that port from
   * before the mapping would keep going there).
   */
  static <M> List<M> staleFlows(List<M> before, List<M> after, Function<M, PortMapping.Key> key) {
    Map<PortMapping.Key, M> next = index(after, key);
    Map<PortMapping.Key, M> was = index(before, key);
    List<M> stale = new ArrayList<>(before.stream().filter(m -> !m.equals(next.get(key.apply(m)))).toList());
    after.stream().filter(m -> !was.containsKey(key.apply(m))).forEach(stale::add);
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
    diff(index(before.networks6(), NatNetwork6::bridge), index(after.networks6(), NatNetwork6::bridge), changes,
        (was, now) -> now + " (was " + was.sourceNat() + " " + was.subnet() + (was.isolated() ? ", isolated" : ", not isolated") + ")");
    diff(index(before.mappings6(), Ipv6PortMapping::key), index(after.mappings6(), Ipv6PortMapping::key), changes,
        (was, now) -> "map " + now + " (was → [" + was.containerIp() + "]:" + was.containerPort()
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
    return value instanceof PortMapping || value instanceof Ipv6PortMapping ? "map " + value : value.toString();
  }

  private static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
    Map<K, V> map = new LinkedHashMap<>();
    values.forEach(v -> map.put(key.apply(v), v));
    return map;
  }

  private static String summary(NatRuleset ruleset) {
    String edited = ruleset.unrecognized().isEmpty() ? "" : ", " + ruleset.unrecognized().size() + " change(s) made outside netagent";
    String ipv6 = ruleset.hasIpv6() ? ", IPv6: " + ruleset.networks6().size() + " network(s), " + ruleset.mappings6().size() + " port(s)" : "";
    return ruleset.networks().size() + " network(s), " + ruleset.mappings().size() + " port(s)" + ipv6 + edited;
  }

  @FunctionalInterface
  private interface Changed<V> {
    String describe(V was, V now);
  }
}
