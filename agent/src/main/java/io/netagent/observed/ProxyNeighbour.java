package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv6Address;

/**
 * An IPv6 proxy neighbour entry ({@code NTF_PROXY}): with {@code proxy_ndp} on the link, its
 * own IPv6 stack answers neighbour solicitations for {@code ip} with the link's MAC
 * (docs/kernel-facts.md §11C). netagent puts one on a dual-stack bridge for each container.
 */
public record ProxyNeighbour(InterfaceName link, Ipv6Address ip) {
  @Override
  public String toString() {
    return "proxy " + ip + " on " + link;
  }
}
