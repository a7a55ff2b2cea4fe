package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.MacAddress;

/** A permanent IPv4 neighbour entry (NUD_PERMANENT), the kind netagent installs on bridges. */
public record Neighbour(InterfaceName link, Ipv4Address ip, MacAddress mac) {
  @Override
  public String toString() {
    return ip + " → " + mac + " on " + link;
  }
}
