package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;

/**
 * An address of either family on an interface (one {@code RTM_NEWADDR} of an address dump). Of
 * IPv6, only addresses of scope universe: the link-local ones are the kernel's
 * (docs/kernel-facts.md §11A).
 */
public record Address(InterfaceName link, IpCidr cidr) {

  public IpFamily family() {
    return cidr.family();
  }

  @Override
  public String toString() {
    return cidr + " on " + link;
  }
}
