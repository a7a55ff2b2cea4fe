package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/**
 * Creates a veth pair: the host end in the host namespace, the peer created directly in the
 * container namespace, both with their MAC, the MTU and the link group set at creation; the host
 * end also gets netagent's alias.
 */
public record CreateVethPair(
    InterfaceName hostName,
    MacAddress hostMac,
    NamespaceRef peerNamespace,
    InterfaceName peerName,
    MacAddress peerMac,
    int mtu,
    int group,
    String alias,
    Reason reason)
    implements Operation {

  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.CREATE_VETH;
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public String object() {
    return "veth pair " + hostName + " ↔ " + Operation.where(peerNamespace, peerName) + " (mtu " + mtu + ")";
  }

  @Override
  public String command() {
    String netns = peerNamespace instanceof NamespaceRef.Named n ? n.name() : peerNamespace.display();
    return "ip link add " + hostName + " address " + hostMac + " mtu " + mtu + " group " + group + " alias " + alias
        + " type veth peer name " + peerName + " netns " + netns + " address " + peerMac + " mtu " + mtu + " group " + group;
  }

  @Override
  public Optional<InterfaceName> link() {
    return Optional.of(hostName);
  }

  @Override
  public boolean createsObject() {
    return true;
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.createVethPair(this);
  }
}
