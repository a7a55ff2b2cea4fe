package io.netagent.operations;

import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.Ownership;
import java.util.List;

/**
 * Replaces netagent's nftables table with {@code ruleset} in one transaction, so there is never
 * a moment with half a ruleset. {@code changes} says in words what differs from the kernel's.
 *
 * @param staleFlows host ports whose mapping goes away or gets another target: their conntrack
 *     entries are deleted, so that flows (UDP above all) follow the new table at once instead of
 *     the old binding until it times out
 */
public record ReplaceNatTable(NatRuleset ruleset, List<NatChange> changes, List<PortMapping> staleFlows, Reason reason)
    implements Operation {
  public ReplaceNatTable {
    changes = List.copyOf(changes);
    staleFlows = List.copyOf(staleFlows);
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
    return "nftables table ip " + Ownership.NAT_TABLE;
  }

  @Override
  public String change() {
    return reason instanceof Reason.Missing ? "" : "replace atomically";
  }

  @Override
  public String command() {
    return "nft -f - <<< 'table ip " + Ownership.NAT_TABLE + "; delete table ip " + Ownership.NAT_TABLE
        + "; table ip " + Ownership.NAT_TABLE + " { ... }'";
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
