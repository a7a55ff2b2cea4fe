package io.netagent.kernel;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Subnet;
import java.util.Optional;

/**
 * The addresses of the probe's stand-in for the outside: a /30 (and, when IPv6 is probed, a
 * /64) no route of the host covers; the host end gets the first address of each, the end in the
 * throwaway namespace the second, and that namespace's default routes go through the host end.
 */
public record ProbeLink(Ipv4Subnet subnet, Optional<Ipv6Subnet> subnet6) {
  public static final int PREFIX = 30;
  public static final int PREFIX6 = 64;

  public ProbeLink {
    if (subnet.prefixLength() != PREFIX || subnet6.filter(s -> s.prefixLength() != PREFIX6).isPresent()) {
      throw new IllegalArgumentException("a probe link is a /30 and a /64, not " + subnet + " and " + subnet6);
    }
  }

  /** The host end's address: the first of the /30. */
  public Ipv4Address host() {
    return subnet.network().plus(1);
  }

  /** The address of the end in the throwaway namespace: the second of the /30. */
  public Ipv4Address outside() {
    return subnet.network().plus(2);
  }

  /** The host end's IPv6 address, when IPv6 is probed. */
  public Optional<Ipv6Address> host6() {
    return subnet6.map(s -> s.network().plus(1));
  }

  /** The IPv6 address of the end in the throwaway namespace, when IPv6 is probed. */
  public Optional<Ipv6Address> outside6() {
    return subnet6.map(s -> s.network().plus(2));
  }
}
