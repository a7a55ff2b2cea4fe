package io.netagent.daemon;

import io.netagent.metrics.PortCount;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Protocol;
import io.netagent.observed.PortTraffic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kernel's counters of published ports, each named by the container (and network) that publishes the port. */
final class PortCounts {
  private PortCounts() {}

  private record Key(IpFamily family, Protocol protocol, Optional<? extends IpAddress> hostIp, int hostPort) {}

  /** One count per counter {@code desired} declares a port for; a counter it does not (an element being withdrawn) is left out. */
  static List<PortCount> of(DesiredState desired, List<PortTraffic> counted) {
    Map<Key, Container> owners = new HashMap<>();
    for (Container c : desired.containers()) {
      c.ports().forEach(m -> owners.put(new Key(IpFamily.IPV4, m.protocol(), m.hostIp(), m.hostPort()), c));
      c.ports6().forEach(m -> owners.put(new Key(IpFamily.IPV6, m.protocol(), m.hostIp(), m.hostPort()), c));
    }
    List<PortCount> counts = new ArrayList<>();
    for (PortTraffic t : counted) {
      Container c = owners.get(new Key(t.family(), t.protocol(), t.hostIp(), t.hostPort()));
      if (c != null) {
        String any = t.family() == IpFamily.IPV4 ? "0.0.0.0" : "::";
        counts.add(new PortCount(c.network(), c.name(), t.protocol().toString(), t.family() == IpFamily.IPV4 ? "ipv4" : "ipv6",
            t.hostIp().map(IpAddress::toString).orElse(any), t.hostPort(), t.packets(), t.bytes()));
      }
    }
    return counts;
  }
}
