package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;

/** An IPv4 address on an interface (one {@code RTM_NEWADDR} of an address dump). */
public record Address(InterfaceName link, Ipv4Cidr cidr) {
  @Override
  public String toString() {
    return cidr + " on " + link;
  }
}
