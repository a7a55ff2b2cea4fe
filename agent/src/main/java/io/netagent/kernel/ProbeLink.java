package io.netagent.kernel;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;

/**
 * The addresses of the probe's stand-in for the outside: a /30 no route of the host covers, its
 * host end's address and the address of the end in the throwaway namespace (whose default route
 * goes through the host end).
 */
public record ProbeLink(Ipv4Subnet subnet) {
  public static final int PREFIX = 30;

  public ProbeLink {
    if (subnet.prefixLength() != PREFIX) {
      throw new IllegalArgumentException("a probe link is a /30, not " + subnet);
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
}
