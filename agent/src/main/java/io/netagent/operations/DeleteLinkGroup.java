package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.List;

/**
 * Deletes every link of a link group in one request ({@code ip link del group G}): the kernel
 * then unregisters them as one batch, with one RCU grace period for all instead of one each,
 * which makes tearing down a thousand veth pairs take a fraction of a second instead of many.
 * Planned in place of the DeleteLink operations only when they delete every link of the group
 * in that namespace, so it removes exactly what they would.
 */
public record DeleteLinkGroup(NamespaceRef namespace, int group, List<InterfaceName> names, Reason reason) implements Operation {
  public DeleteLinkGroup {
    names = List.copyOf(names);
  }

  @Override
  public Phase phase() {
    return Phase.DELETE_VETH;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return names.size() + " links of group " + group + (namespace instanceof NamespaceRef.Host ? "" : " in " + namespace.display())
        + " (" + Shown.firstFew(names.stream().map(InterfaceName::value).toList()) + ")";
  }

  @Override
  public String command() {
    return Commands.ip(namespace, "link del group " + group);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.deleteLinkGroup(this);
  }
}
