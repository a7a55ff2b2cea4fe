package io.netagent.model;

import java.util.List;
import java.util.Optional;

/**
 * A declared container: the network it joins, its veth pair (the container end carries its
 * address of each family the network has) and the ports it publishes.
 *
 * @param createNamespace whether netagent creates the (named) namespace when it is missing
 * @param published the ports it publishes, as declared; {@link #ports()} and {@link #ports6()}
 *     are their forwardings over each family
 */
public record Container(String name, String network, VethPair veth, boolean createNamespace, List<PublishedPort> published) {

  public Container {
    ObjectName.requireValid("container", name);
    VethEndpoint end = veth.container();
    if (end.address().isEmpty() && end.address6().isEmpty()) {
      throw new ModelException("container " + name + " has no address");
    }
    if (createNamespace && !(end.namespace() instanceof NamespaceRef.Named)) {
      throw new ModelException("createNamespace needs a namespace name under /run/netns, not a path");
    }
    published = List.copyOf(published);
    for (PublishedPort p : published) {
      if (!(p.overIpv4() && end.address().isPresent()) && !(p.overIpv6() && end.address6().isPresent())) {
        throw new ModelException("port " + p + " of container " + name + " is bound to " + p.hostIp().orElseThrow()
            + ", but the container has no address of that family");
      }
    }
  }

  public NamespaceRef namespace() {
    return veth.container().namespace();
  }

  /** The container's IPv4 address with its prefix length; empty on an IPv6-only network. */
  public Optional<Ipv4Cidr> ipv4() {
    return veth.container().address();
  }

  /** The container's IPv6 address with its prefix length; empty on an IPv4-only network. */
  public Optional<Ipv6Cidr> ipv6() {
    return veth.container().address6();
  }

  /** Its published ports forwarded over IPv4, in declaration order: none without an IPv4 address. */
  public List<PortMapping> ports() {
    return ipv4().map(a -> published.stream().filter(PublishedPort::overIpv4).map(p -> p.toIpv4(a.address())).toList()).orElse(List.of());
  }

  /** Its published ports forwarded over IPv6, in declaration order: none without an IPv6 address. */
  public List<Ipv6PortMapping> ports6() {
    return ipv6().map(a -> published.stream().filter(PublishedPort::overIpv6).map(p -> p.toIpv6(a.address())).toList()).orElse(List.of());
  }
}
