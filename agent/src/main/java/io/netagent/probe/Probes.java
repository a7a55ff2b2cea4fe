package io.netagent.probe;

import io.netagent.kernel.ProbePlace;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Network;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The probes a declared state calls for, built from the model alone (IPv4): for each container
 * with an IPv4 address, its gateway; for each of its IPv4 published ports, from the host, over
 * loopback (when published on 127.0.0.1), from outside and from the container itself (hairpin)
 * (the last two unless it is published on a loopback address only); and for each network with
 * IPv4 and a container, that traffic to the outside leaves with the address its source NAT gives.
 */
public final class Probes {
  /** The discard port: where datagrams to the gateway and the outside go (nothing needs to answer). */
  static final int DISCARD = 9;
  private static final Ipv4Address LOOPBACK = Ipv4Address.parse("127.0.0.1");

  private Probes() {}

  public static List<Probe> of(DesiredState desired) {
    List<Probe> probes = new ArrayList<>();
    for (Network network : desired.networks()) {
      Optional<BridgeIpv4> ipv4 = network.bridge().ipv4();
      if (ipv4.isEmpty()) {
        continue;
      }
      ProbePlace bridge = new ProbePlace.At(NamespaceRef.HOST, network.bridge().name());
      List<Container> containers = desired.containersOn(network.name()).stream().filter(c -> c.ipv4().isPresent()).toList();
      for (Container c : containers) {
        ProbePlace inside = new ProbePlace.At(c.namespace(), c.veth().container().name());
        Ipv4Address gateway = ipv4.get().gateway();
        probes.add(new Probe(ProbeKind.GATEWAY, c.name() + " → gateway " + gateway, network.name(), c.name(), inside, Protocol.UDP, Target.of(gateway), DISCARD,
            bridge, Target.of(gateway), DISCARD, Optional.empty()));
        for (PortMapping m : c.ports()) {
          probes.addAll(ports(c, m, inside, gateway));
        }
      }
      if (!containers.isEmpty()) {
        Container c = containers.get(0);
        ProbePlace inside = new ProbePlace.At(c.namespace(), c.veth().container().name());
        SourceNat nat = network.bridge().nat().sourceNat();
        Target source = nat instanceof SourceNat.SnatTo snat ? Target.of(snat.hostIp())
            : nat instanceof SourceNat.Masquerade ? new Target.LinkHost() : Target.of(c.ipv4().orElseThrow().address());
        probes.add(new Probe(ProbeKind.MASQUERADE, network.name() + ": " + c.name() + " → outside, as " + source, network.name(), c.name(), inside,
            Protocol.UDP, new Target.LinkOutside(), DISCARD, ProbePlace.OUTSIDE, new Target.LinkOutside(), DISCARD, Optional.of(source)));
      }
    }
    return probes;
  }

  private static List<Probe> ports(Container c, PortMapping m, ProbePlace inside, Ipv4Address gateway) {
    List<Probe> probes = new ArrayList<>();
    String subject = c.name() + " " + m;
    ProbePlace host = new ProbePlace.At(NamespaceRef.HOST, c.veth().host().name());
    Target arrives = Target.of(m.containerIp());
    boolean onLoopback = m.hostIp().map(Ipv4Address::isLoopback).orElse(true);
    boolean onlyLoopback = m.hostIp().map(Ipv4Address::isLoopback).orElse(false);
    if (!onlyLoopback) {
      Target hostAddress = m.hostIp().<Target>map(Target::of).orElse(new Target.LinkHost());
      probes.add(probe(ProbeKind.HOST, subject, c, host, m, hostAddress, inside, arrives));
    }
    if (onLoopback) {
      probes.add(probe(ProbeKind.LOOPBACK, subject, c, host, m, Target.of(m.hostIp().orElse(LOOPBACK)), inside, arrives));
    }
    if (!onlyLoopback) {
      probes.add(probe(ProbeKind.OUTSIDE, subject, c, ProbePlace.OUTSIDE, m, m.hostIp().<Target>map(Target::of).orElse(new Target.LinkHost()),
          inside, arrives));
      probes.add(probe(ProbeKind.HAIRPIN, subject, c, inside, m, Target.of(m.hostIp().orElse(gateway)), inside, arrives));
    }
    return probes;
  }

  private static Probe probe(ProbeKind kind, String subject, Container c, ProbePlace from, PortMapping m, Target to, ProbePlace at,
      Target arrives) {
    return new Probe(kind, subject, c.network(), c.name(), from, m.protocol(), to, m.hostPort(), at, arrives, m.containerPort(), Optional.empty());
  }
}
