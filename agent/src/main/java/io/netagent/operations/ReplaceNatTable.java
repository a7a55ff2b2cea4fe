package io.netagent.operations;

import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.Ownership;
import java.util.List;
import java.util.Optional;

/**
 * Replaces netagent's nftables tables ({@code ip netagent}, and {@code ip6 netagent} when the
 * ruleset has IPv6) with {@code ruleset} in one transaction, so there is never a moment with half
 * a ruleset. {@code changes} says in words what differs from the kernel's.
 * When only the published ports differ, the transaction deletes and adds just those map elements
 * (the same atomicity, without rewriting a thousand other ports).
 *
 * @param staleFlows host ports whose mapping goes away, gets another target or is new: their
 *     conntrack entries are deleted, so that flows (UDP above all) follow the new table at once
 *     instead of the old binding, or the host service they went to before, until they time out
 * @param staleFlows6 the same over IPv6
 * @param mapsOnly the table in the kernel, when it differs from {@code ruleset} only in its maps'
 *     elements; empty to replace the whole table
 */
public record ReplaceNatTable(NatRuleset ruleset, List<NatChange> changes, List<PortMapping> staleFlows, List<Ipv6PortMapping> staleFlows6,
    Optional<NatRuleset> mapsOnly, Reason reason) implements Operation {
  public ReplaceNatTable {
    changes = List.copyOf(changes);
    staleFlows = List.copyOf(staleFlows);
    staleFlows6 = List.copyOf(staleFlows6);
  }

  /** A replacement of the whole table, with stale flows over IPv4 only. */
  public ReplaceNatTable(NatRuleset ruleset, List<NatChange> changes, List<PortMapping> staleFlows, Reason reason) {
    this(ruleset, changes, staleFlows, List.of(), Optional.empty(), reason);
  }

  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.REPLACE_NAT;
  }

  @Override
  public Action action() {
    return reason instanceof Reason.Missing ? Action.CREATE : Action.CHANGE;
  }

  @Override
  public String object() {
    return ruleset.hasIpv6() ? "nftables tables ip and ip6 " + Ownership.NAT_TABLE : "nftables table ip " + Ownership.NAT_TABLE;
  }

  @Override
  public String change() {
    return reason instanceof Reason.Missing ? "" : mapsOnly.isPresent() ? "update port maps atomically" : "replace atomically";
  }

  @Override
  public String command() {
    String families = ruleset.hasIpv6() ? "ip/ip6 " : "ip ";
    if (mapsOnly.isPresent()) {
      return "nft -f - <<< 'delete element " + families + Ownership.NAT_TABLE + " MAP { ... }; add element " + families + Ownership.NAT_TABLE
          + " MAP { ... }'";
    }
    String table = "table ip " + Ownership.NAT_TABLE + "; delete table ip " + Ownership.NAT_TABLE + "; table ip " + Ownership.NAT_TABLE + " { ... }";
    String ip6 = "table ip6 " + Ownership.NAT_TABLE + "; delete table ip6 " + Ownership.NAT_TABLE
        + (ruleset.hasIpv6() ? "; table ip6 " + Ownership.NAT_TABLE + " { ... }" : "");
    return "nft -f - <<< '" + table + "; " + ip6 + "'";
  }

  @Override
  public boolean createsObject() {
    return reason instanceof Reason.Missing;
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.replaceNatTable(this);
  }
}
