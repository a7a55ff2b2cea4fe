package io.netagent.probe;

import io.netagent.kernel.ProbeLink;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks the probe link's /30 in 198.18.0.0/15 (RFC 2544's benchmarking range, which no real
 * network uses) that overlaps no address or route of the host (a default route aside) and no
 * declared subnet, so the link's connected route takes no traffic from anyone.
 */
public final class FreeLink {
  static final Ipv4Subnet RANGE = Ipv4Subnet.parse("198.18.0.0/15");
  private static final int BLOCKS = 1 << (32 - RANGE.prefixLength() - 2);

  private FreeLink() {}

  /**
   * A free /30, looked for from a random one on.
   *
   * @throws IllegalStateException when every /30 of the range is taken
   */
  public static ProbeLink pick(DesiredState desired, ObservedState observed, RandomGenerator random) {
    List<Ipv4Subnet> taken = new ArrayList<>();
    NamespaceState host = observed.host();
    host.addresses().forEach(a -> {
      if (a.cidr() instanceof Ipv4Cidr cidr) {
        taken.add(cidr.subnet());
      }
    });
    host.routes().forEach(r -> {
      if (r.destination() instanceof Ipv4Subnet s && s.prefixLength() > 0) {
        taken.add(s);
      }
    });
    desired.networks().forEach(n -> n.bridge().ipv4().ifPresent(b -> taken.add(b.subnet())));
    int start = random.nextInt(BLOCKS);
    for (int i = 0; i < BLOCKS; i++) {
      Ipv4Subnet candidate = new Ipv4Subnet(RANGE.network().plus(((start + i) % BLOCKS) * 4), ProbeLink.PREFIX);
      if (taken.stream().noneMatch(t -> t.contains(candidate.network()) || candidate.contains(t.network()))) {
        return new ProbeLink(candidate);
      }
    }
    throw new IllegalStateException("every /30 of " + RANGE + " is taken by the host's addresses or routes: no room for the probe link");
  }
}
