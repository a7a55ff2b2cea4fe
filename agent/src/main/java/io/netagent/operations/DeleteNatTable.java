package io.netagent.operations;

import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.Ownership;
import java.util.List;

/**
 * Deletes netagent's nftables tables (both families), and the conntrack entries of the mappings
 * they held ({@code staleFlows}, {@code staleFlows6}).
 */
public record DeleteNatTable(List<PortMapping> staleFlows, List<Ipv6PortMapping> staleFlows6, Reason reason) implements Operation {
  public DeleteNatTable {
    staleFlows = List.copyOf(staleFlows);
    staleFlows6 = List.copyOf(staleFlows6);
  }

  /** With stale flows over IPv4 only. */
  public DeleteNatTable(List<PortMapping> staleFlows, Reason reason) {
    this(staleFlows, List.of(), reason);
  }

  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.DELETE_NAT;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return "nftables table ip " + Ownership.NAT_TABLE;
  }

  @Override
  public String command() {
    return "nft -f - <<< 'delete table ip " + Ownership.NAT_TABLE + "; table ip6 " + Ownership.NAT_TABLE + "; delete table ip6 "
        + Ownership.NAT_TABLE + "'";
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.deleteNatTable(this);
  }
}
