package io.netagent.observed;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Protocol;

/**
 * A socket of a host process waiting for connections (TCP LISTEN) or datagrams (bound UDP).
 *
 * @param address the local address it is bound to; 0.0.0.0 for every address
 */
public record Listener(Protocol protocol, Ipv4Address address, int port) {
  public boolean isWildcard() {
    return address.isUnspecified();
  }

  @Override
  public String toString() {
    return protocol + " " + address + ":" + port;
  }
}
