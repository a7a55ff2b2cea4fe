package io.netagent.probe;

import io.netagent.kernel.ProbePlace;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Network;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The probes a declared state calls for, built from the model alone, for each family a network
 * has: for each container with an address of it, its gateway; for each of its published ports
 * over that family, from the host, over 127.0.0.1 (IPv4, when published there), from outside and
 * from the container itself (hairpin) (the last two unless it is published on a loopback address
 * only); and for each network with a container, that traffic to the outside leaves with the
 * address its source NAT gives.
 */
public final class Probes {
  /** The discard port: where datagrams to the gateway and the outside go (nothing needs to answer). */
  static final int DISCARD = 9;
  private static final Ipv4Address LOOPBACK = Ipv4Address.parse("127.0.0.1");

  private Probes() {}

  public static List<Probe> of(DesiredState desired) {
    List<Probe> probes = new ArrayList<>();
    for (Network network : desired.networks()) {
      network.bridge().ipv4().ifPresent(ipv4 -> probes.addAll(of(desired, network, ipv4(network, ipv4))));
      network.bridge().ipv6().ifPresent(ipv6 -> probes.addAll(of(desired, network, ipv6(ipv6))));
    }
    return probes;
  }

  /** A published port over one family, as the probes need it ({@code text} is how it is written). */
  private record Port(String text, Protocol protocol, Optional<IpAddress> hostIp, int hostPort, IpAddress containerIp, int containerPort) {}

  /**
   * What the probes of one family of a network need: its gateway, a container's address and
   * ports of that family, and the source its traffic to the outside should arrive with.
   */
  private record Family(IpFamily family, IpAddress gateway, Function<Container, Optional<? extends IpAddress>> address,
      Function<Container, List<Port>> ports, Function<Container, Target> source) {}

  private static Family ipv4(Network network, BridgeIpv4 ipv4) {
    SourceNat nat = network.bridge().nat().sourceNat();
    return new Family(IpFamily.IPV4, ipv4.gateway(), c -> c.ipv4().map(Ipv4Cidr::address),
        c -> c.ports().stream().map(m -> new Port(m.toString(), m.protocol(), m.hostIp().map(IpAddress.class::cast), m.hostPort(),
            m.containerIp(), m.containerPort())).toList(),
        c -> nat instanceof SourceNat.SnatTo snat ? Target.of(snat.hostIp())
            : nat instanceof SourceNat.Masquerade ? new Target.LinkHost(IpFamily.IPV4) : Target.of(c.ipv4().orElseThrow().address()));
  }

  private static Family ipv6(BridgeIpv6 ipv6) {
    Ipv6SourceNat nat = ipv6.sourceNat();
    return new Family(IpFamily.IPV6, ipv6.gateway(), c -> c.ipv6().map(Ipv6Cidr::address),
        c -> c.ports6().stream().map(m -> new Port(m.toString(), m.protocol(), m.hostIp().map(IpAddress.class::cast), m.hostPort(),
            m.containerIp(), m.containerPort())).toList(),
        c -> nat instanceof Ipv6SourceNat.SnatTo snat ? Target.of(snat.hostIp())
            : nat instanceof Ipv6SourceNat.Masquerade ? new Target.LinkHost(IpFamily.IPV6) : Target.of(c.ipv6().orElseThrow().address()));
  }

  private static List<Probe> of(DesiredState desired, Network network, Family family) {
    List<Probe> probes = new ArrayList<>();
    List<Container> containers = desired.containersOn(network.name()).stream().filter(c -> family.address().apply(c).isPresent()).toList();
    for (Container c : containers) {
      probes.add(gateway(network, c, family.gateway()));
      family.ports().apply(c).forEach(port -> probes.addAll(ports(c, port, family.gateway())));
    }
    if (!containers.isEmpty()) {
      Container c = containers.get(0);
      probes.add(masquerade(network, c, family.family(), family.source().apply(c)));
    }
    return probes;
  }

  private static ProbePlace inside(Container c) {
    return new ProbePlace.At(c.namespace(), c.veth().container().name());
  }

  private static Probe gateway(Network network, Container c, IpAddress gateway) {
    return new Probe(ProbeKind.GATEWAY, c.name() + " → gateway " + gateway, network.name(), c.name(), inside(c), Protocol.UDP,
        Target.of(gateway), DISCARD, new ProbePlace.At(NamespaceRef.HOST, network.bridge().name()), Target.of(gateway), DISCARD,
        Optional.empty());
  }

  private static Probe masquerade(Network network, Container c, IpFamily family, Target source) {
    String over = family == IpFamily.IPV6 ? " over IPv6" : "";
    return new Probe(ProbeKind.MASQUERADE, network.name() + ": " + c.name() + " → outside" + over + ", as " + source, network.name(), c.name(),
        inside(c), Protocol.UDP, new Target.LinkOutside(family), DISCARD, ProbePlace.OUTSIDE, new Target.LinkOutside(family), DISCARD,
        Optional.of(source));
  }

  /** The probes of one published port over one family ({@code gateway} is the container's). */
  private static List<Probe> ports(Container c, Port port, IpAddress gateway) {
    Optional<IpAddress> hostIp = port.hostIp();
    IpFamily family = port.containerIp().family();
    boolean onlyLoopback = hostIp.map(ip -> ip instanceof Ipv4Address v4 && v4.isLoopback()).orElse(false);
    // IPv6 has no route_localnet: a port is never published on ::1 (README "A port published on ::1").
    boolean onLoopback = family == IpFamily.IPV4 && (hostIp.isEmpty() || onlyLoopback);
    Target reached = hostIp.<Target>map(Target::of).orElse(new Target.LinkHost(family));
    ProbePlace host = new ProbePlace.At(NamespaceRef.HOST, c.veth().host().name());
    List<Probe> probes = new ArrayList<>();
    if (!onlyLoopback) {
      probes.add(port(ProbeKind.HOST, c, port, host, reached));
    }
    if (onLoopback) {
      probes.add(port(ProbeKind.LOOPBACK, c, port, host, Target.of(hostIp.orElse(LOOPBACK))));
    }
    if (!onlyLoopback) {
      probes.add(port(ProbeKind.OUTSIDE, c, port, ProbePlace.OUTSIDE, reached));
      probes.add(port(ProbeKind.HAIRPIN, c, port, inside(c), Target.of(hostIp.orElse(gateway))));
    }
    return probes;
  }

  /** A probe of {@code port}: from {@code from} to {@code to}, arriving at the container's address and port. */
  private static Probe port(ProbeKind kind, Container c, Port port, ProbePlace from, Target to) {
    return new Probe(kind, c.name() + " " + port.text(), c.network(), c.name(), from, port.protocol(), to, port.hostPort(), inside(c),
        Target.of(port.containerIp()), port.containerPort(), Optional.empty());
  }
}
