package io.netagent.probe;

import io.netagent.kernel.ProbePlace;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Network;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
      network.bridge().ipv4().ifPresent(ipv4 -> probes.addAll(ipv4(desired, network, ipv4)));
      network.bridge().ipv6().ifPresent(ipv6 -> probes.addAll(ipv6(desired, network, ipv6)));
    }
    return probes;
  }

  private static List<Probe> ipv4(DesiredState desired, Network network, BridgeIpv4 ipv4) {
    List<Probe> probes = new ArrayList<>();
    List<Container> containers = desired.containersOn(network.name()).stream().filter(c -> c.ipv4().isPresent()).toList();
    for (Container c : containers) {
      probes.add(gateway(network, c, ipv4.gateway()));
      c.ports().forEach(m -> probes.addAll(ports(c, m.toString(), m.protocol(), m.hostIp().map(IpAddress.class::cast), m.hostPort(),
          m.containerIp(), m.containerPort(), ipv4.gateway())));
    }
    if (!containers.isEmpty()) {
      Container c = containers.get(0);
      SourceNat nat = network.bridge().nat().sourceNat();
      Target source = nat instanceof SourceNat.SnatTo snat ? Target.of(snat.hostIp())
          : nat instanceof SourceNat.Masquerade ? new Target.LinkHost(IpFamily.IPV4) : Target.of(c.ipv4().orElseThrow().address());
      probes.add(masquerade(network, c, IpFamily.IPV4, source));
    }
    return probes;
  }

  private static List<Probe> ipv6(DesiredState desired, Network network, BridgeIpv6 ipv6) {
    List<Probe> probes = new ArrayList<>();
    List<Container> containers = desired.containersOn(network.name()).stream().filter(c -> c.ipv6().isPresent()).toList();
    for (Container c : containers) {
      probes.add(gateway(network, c, ipv6.gateway()));
      c.ports6().forEach(m -> probes.addAll(ports(c, m.toString(), m.protocol(), m.hostIp().map(IpAddress.class::cast), m.hostPort(),
          m.containerIp(), m.containerPort(), ipv6.gateway())));
    }
    if (!containers.isEmpty()) {
      Container c = containers.get(0);
      Ipv6SourceNat nat = ipv6.sourceNat();
      Target source = nat instanceof Ipv6SourceNat.SnatTo snat ? Target.of(snat.hostIp())
          : nat instanceof Ipv6SourceNat.Masquerade ? new Target.LinkHost(IpFamily.IPV6) : Target.of(c.ipv6().orElseThrow().address());
      probes.add(masquerade(network, c, IpFamily.IPV6, source));
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

  /** The probes of one published port over one family ({@code mapping} is how it is written, {@code gateway} the container's). */
  private static List<Probe> ports(Container c, String mapping, Protocol protocol, Optional<IpAddress> hostIp, int hostPort,
      IpAddress containerIp, int containerPort, IpAddress gateway) {
    String subject = c.name() + " " + mapping;
    IpFamily family = containerIp.family();
    ProbePlace host = new ProbePlace.At(NamespaceRef.HOST, c.veth().host().name());
    ProbePlace inside = inside(c);
    Target arrives = Target.of(containerIp);
    boolean onlyLoopback = hostIp.map(ip -> ip instanceof Ipv4Address v4 && v4.isLoopback()).orElse(false);
    // IPv6 has no route_localnet: a port is never published on ::1 (README "A port published on ::1").
    boolean onLoopback = family == IpFamily.IPV4 && (hostIp.isEmpty() || onlyLoopback);
    Target reached = hostIp.<Target>map(Target::of).orElse(new Target.LinkHost(family));
    List<Probe> probes = new ArrayList<>();
    if (!onlyLoopback) {
      probes.add(new Probe(ProbeKind.HOST, subject, c.network(), c.name(), host, protocol, reached, hostPort, inside, arrives, containerPort,
          Optional.empty()));
    }
    if (onLoopback) {
      probes.add(new Probe(ProbeKind.LOOPBACK, subject, c.network(), c.name(), host, protocol, Target.of(hostIp.orElse(LOOPBACK)), hostPort,
          inside, arrives, containerPort, Optional.empty()));
    }
    if (!onlyLoopback) {
      probes.add(new Probe(ProbeKind.OUTSIDE, subject, c.network(), c.name(), ProbePlace.OUTSIDE, protocol, reached, hostPort, inside, arrives,
          containerPort, Optional.empty()));
      probes.add(new Probe(ProbeKind.HAIRPIN, subject, c.network(), c.name(), inside, protocol, Target.of(hostIp.orElse(gateway)), hostPort,
          inside, arrives, containerPort, Optional.empty()));
    }
    return probes;
  }
}
