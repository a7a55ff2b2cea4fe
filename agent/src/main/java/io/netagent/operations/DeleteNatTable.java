package io.netagent.operations;

import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.Ownership;
import java.util.List;

/** Deletes netagent's nftables table, and the conntrack entries of the mappings it held ({@code staleFlows}). */
public record DeleteNatTable(List<PortMapping> staleFlows, Reason reason) implements Operation {
  public DeleteNatTable {
    staleFlows = List.copyOf(staleFlows);
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
    return "nft delete table ip " + Ownership.NAT_TABLE;
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.deleteNatTable(this);
  }
}
