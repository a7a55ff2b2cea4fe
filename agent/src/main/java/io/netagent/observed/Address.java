package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An address of either family on an interface (one {@code RTM_NEWADDR} of an address dump), with
 * its IPv6 flags. Of IPv6, only addresses of scope universe: the link-local ones are the kernel's
 * (docs/kernel-facts.md §11A).
 */
public record Address(InterfaceName link, IpCidr cidr, Set<AddressFlag> flags) {

  public Address {
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
  }

  /** An address without flags: every IPv4 address, and an IPv6 one as it is to be added. */
  public Address(InterfaceName link, IpCidr cidr) {
    this(link, cidr, Set.of());
  }

  /** The same address with {@code flags}. */
  public Address withFlags(Set<AddressFlag> flags) {
    return new Address(link, cidr, flags);
  }

  public IpFamily family() {
    return cidr.family();
  }

  /** {@code fd00::1/64 on br0 (nodad)}. */
  @Override
  public String toString() {
    String shown = flags.isEmpty() ? "" : flags.stream().sorted().map(AddressFlag::toString).collect(Collectors.joining(" ", " (", ")"));
    return cidr + " on " + link + shown;
  }
}
