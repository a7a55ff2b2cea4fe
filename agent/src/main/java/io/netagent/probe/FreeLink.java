package io.netagent.probe;

import io.netagent.kernel.ProbeLink;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks the probe link's /30 in 198.18.0.0/15 (RFC 2544's benchmarking range, which no real
 * network uses), and when IPv6 is probed its /64 in 2001:2::/48 (RFC 5180's, the IPv6 twin),
 * that overlap no address or route of the host (a default route aside) and no declared subnet,
 * so the link's connected routes take no traffic from anyone.
 */
public final class FreeLink {
  static final Ipv4Subnet RANGE = Ipv4Subnet.parse("198.18.0.0/15");
  static final Ipv6Subnet RANGE6 = Ipv6Subnet.parse("2001:2::/48");
  private static final int BLOCKS = 1 << (32 - RANGE.prefixLength() - 2);
  private static final int BLOCKS6 = 1 << (ProbeLink.PREFIX6 - RANGE6.prefixLength());

  private FreeLink() {}

  /**
   * A free /30, and a free /64 if {@code ipv6}, each looked for from a random one on.
   *
   * @throws IllegalStateException when every one of a range is taken
   */
  public static ProbeLink pick(DesiredState desired, ObservedState observed, boolean ipv6, RandomGenerator random) {
    return new ProbeLink(pick4(desired, observed, random), ipv6 ? Optional.of(pick6(desired, observed, random)) : Optional.empty());
  }

  private static Ipv4Subnet pick4(DesiredState desired, ObservedState observed, RandomGenerator random) {
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
        return candidate;
      }
    }
    throw new IllegalStateException("every /30 of " + RANGE + " is taken by the host's addresses or routes: no room for the probe link");
  }

  private static Ipv6Subnet pick6(DesiredState desired, ObservedState observed, RandomGenerator random) {
    List<Ipv6Subnet> taken = new ArrayList<>();
    NamespaceState host = observed.host();
    host.addresses().forEach(a -> {
      if (a.cidr() instanceof Ipv6Cidr cidr) {
        taken.add(new Ipv6Subnet(cidr.address(), 128));
      }
    });
    host.routes().forEach(r -> {
      if (r.destination() instanceof Ipv6Subnet s && s.prefixLength() > 0) {
        taken.add(s);
      }
    });
    desired.networks().forEach(n -> n.bridge().ipv6().ifPresent(b -> taken.add(b.subnet())));
    int start = random.nextInt(BLOCKS6);
    for (int i = 0; i < BLOCKS6; i++) {
      long block = (start + i) % BLOCKS6;
      Ipv6Address network = new Ipv6Address(RANGE6.network().high() | block, 0);
      Ipv6Subnet candidate = new Ipv6Subnet(network, ProbeLink.PREFIX6);
      if (taken.stream().noneMatch(t -> t.contains(candidate.network()) || candidate.contains(t.network()))) {
        return candidate;
      }
    }
    throw new IllegalStateException("every /64 of " + RANGE6 + " is taken by the host's addresses or routes: no room for the probe link");
  }
}
