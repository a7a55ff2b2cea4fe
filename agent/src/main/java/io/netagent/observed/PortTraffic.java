package io.netagent.observed;

import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Protocol;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel counted for one published port of one family: the packets sent to it (the
 * original direction of each connection, counted just before its DNAT) and their bytes, IP header
 * included. The counters start at zero when the element or its table is made, so they go back to
 * zero when netagent replaces its table (a drift repair, a change beyond published ports).
 *
 * @param hostIp the host address it is bound to, or empty when published on every address
 */
public record PortTraffic(IpFamily family, Protocol protocol, Optional<IpAddress> hostIp, int hostPort, long packets, long bytes) {
  public PortTraffic {
    Objects.requireNonNull(family);
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(hostIp);
  }
}
