package io.netagent.trace;

import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Protocol;
import java.util.Objects;

/**
 * The packet traced: the first packet of a connection (a TCP SYN, a UDP datagram) of
 * {@code protocol} from {@code from} to {@code to}'s address and {@code port}.
 */
public record Packet(Protocol protocol, IpFamily family, Side from, Side to, int port) {
  public Packet {
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(family);
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
    if (to.address().isEmpty()) {
      throw new IllegalArgumentException("a destination always has an address");
    }
  }

  /** Its destination address. */
  public IpAddress destination() {
    return to.address().orElseThrow();
  }

  /** {@code ADDRESS:PORT}, IPv6 in brackets. */
  public static String endpoint(IpAddress address, int port) {
    return (address instanceof Ipv6Address ? "[" + address + "]" : address.toString()) + ":" + port;
  }

  /** {@code tcp c1 (10.88.0.2) → host (10.88.0.1):8080}. */
  @Override
  public String toString() {
    return protocol + " " + from.describe() + " → " + to.describe() + " port " + port;
  }
}
