package io.netagent.kernel.nft;

import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpSubnet;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset.NatNetwork6;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.NatRuleset;
import java.util.List;
import java.util.Optional;

/**
 * One table's part of a {@link NatRuleset}, with the family's types erased, so that both tables
 * are rendered and read back by one code path.
 */
record FamilyPart(NftFamily family, List<Net> networks, List<Mapping> mappings) {

  /** How a network's traffic to the outside gets its source rewritten. */
  enum Nat { MASQUERADE, SNAT, NONE }

  /** A network: its bridge, subnet, source NAT ({@code snatTo} with {@link Nat#SNAT}) and isolation. */
  record Net(InterfaceName bridge, IpSubnet subnet, Nat nat, Optional<IpAddress> snatTo, boolean isolated) {}

  /** A published port. */
  record Mapping(Protocol protocol, int hostPort, Optional<IpAddress> hostIp, IpAddress containerIp, int containerPort) {}

  /** The part of {@code ruleset} that goes into {@code family}'s table. */
  static FamilyPart of(NftFamily family, NatRuleset ruleset) {
    if (family == NftFamily.IP) {
      return new FamilyPart(family, ruleset.networks().stream().map(FamilyPart::net).toList(),
          ruleset.mappings().stream().map(m -> new Mapping(m.protocol(), m.hostPort(), m.hostIp().map(IpAddress.class::cast), m.containerIp(),
              m.containerPort())).toList());
    }
    return new FamilyPart(family, ruleset.networks6().stream().map(FamilyPart::net).toList(),
        ruleset.mappings6().stream().map(m -> new Mapping(m.protocol(), m.hostPort(), m.hostIp().map(IpAddress.class::cast), m.containerIp(),
            m.containerPort())).toList());
  }

  /** The ruleset of the two parts, with {@code unrecognized}. */
  static NatRuleset join(FamilyPart ip, FamilyPart ip6, List<String> unrecognized) {
    return new NatRuleset(ip.networks.stream().map(FamilyPart::network).toList(), ip.mappings.stream().map(FamilyPart::portMapping).toList(),
        ip6.networks.stream().map(FamilyPart::network6).toList(), ip6.mappings.stream().map(FamilyPart::portMapping6).toList(), unrecognized);
  }

  private static Net net(NatNetwork n) {
    Optional<IpAddress> to = n.sourceNat() instanceof SourceNat.SnatTo s ? Optional.of(s.hostIp()) : Optional.empty();
    Nat nat = n.sourceNat() instanceof SourceNat.Masquerade ? Nat.MASQUERADE : to.isPresent() ? Nat.SNAT : Nat.NONE;
    return new Net(n.bridge(), n.subnet(), nat, to, n.isolated());
  }

  private static Net net(NatNetwork6 n) {
    Optional<IpAddress> to = n.sourceNat() instanceof Ipv6SourceNat.SnatTo s ? Optional.of(s.hostIp()) : Optional.empty();
    Nat nat = n.sourceNat() instanceof Ipv6SourceNat.Masquerade ? Nat.MASQUERADE : to.isPresent() ? Nat.SNAT : Nat.NONE;
    return new Net(n.bridge(), n.subnet(), nat, to, n.isolated());
  }

  private static NatNetwork network(Net n) {
    SourceNat nat = switch (n.nat) {
      case MASQUERADE -> new SourceNat.Masquerade();
      case SNAT -> new SourceNat.SnatTo((Ipv4Address) n.snatTo.orElseThrow());
      case NONE -> new SourceNat.Disabled();
    };
    return new NatNetwork(n.bridge, (Ipv4Subnet) n.subnet, nat, n.isolated);
  }

  private static NatNetwork6 network6(Net n) {
    Ipv6SourceNat nat = switch (n.nat) {
      case MASQUERADE -> new Ipv6SourceNat.Masquerade();
      case SNAT -> new Ipv6SourceNat.SnatTo((Ipv6Address) n.snatTo.orElseThrow());
      case NONE -> new Ipv6SourceNat.Disabled();
    };
    return new NatNetwork6(n.bridge, (Ipv6Subnet) n.subnet, nat, n.isolated);
  }

  private static PortMapping portMapping(Mapping m) {
    return new PortMapping(m.hostPort, m.containerPort, m.protocol, (Ipv4Address) m.containerIp, m.hostIp.map(Ipv4Address.class::cast));
  }

  private static Ipv6PortMapping portMapping6(Mapping m) {
    return new Ipv6PortMapping(m.hostPort, m.containerPort, m.protocol, (Ipv6Address) m.containerIp, m.hostIp.map(Ipv6Address.class::cast));
  }
}
