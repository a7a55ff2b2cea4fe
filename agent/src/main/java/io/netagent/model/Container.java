package io.netagent.model;

import java.util.List;

/**
 * A declared container: the network it joins, its veth pair (the container end carries its
 * address) and the ports it publishes.
 *
 * @param createNamespace whether netagent creates the (named) namespace when it is missing
 */
public record Container(String name, String network, VethPair veth, boolean createNamespace, List<PortMapping> ports) {

  public Container {
    ObjectName.requireValid("container", name);
    if (veth.container().address().isEmpty()) {
      throw new ModelException("container " + name + " has no address");
    }
    if (createNamespace && !(veth.container().namespace() instanceof NamespaceRef.Named)) {
      throw new ModelException("createNamespace needs a namespace name under /run/netns, not a path");
    }
    ports = List.copyOf(ports);
  }

  public NamespaceRef namespace() {
    return veth.container().namespace();
  }

  /** The container's address with its prefix length. */
  public Ipv4Cidr cidr() {
    return veth.container().address().orElseThrow();
  }

  public Ipv4Address ip() {
    return cidr().address();
  }
}
