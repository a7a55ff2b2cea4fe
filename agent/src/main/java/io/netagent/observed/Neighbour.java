package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.MacAddress;

/** A permanent neighbour entry (NUD_PERMANENT) of either family, the kind netagent installs on bridges. */
public record Neighbour(InterfaceName link, IpAddress ip, MacAddress mac) {

  public IpFamily family() {
    return ip.family();
  }

  @Override
  public String toString() {
    return ip + " → " + mac + " on " + link;
  }
}
