package io.netagent.plan;

import io.netagent.kernel.Ownership;
import io.netagent.model.NamespaceRef;

/** Deletes netagent's nftables table. */
public record DeleteNatTable(Reason reason) implements Operation {
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
