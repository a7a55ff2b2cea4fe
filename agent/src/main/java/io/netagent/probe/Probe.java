package io.netagent.probe;

import io.netagent.kernel.ProbeLink;
import io.netagent.kernel.ProbePacket;
import io.netagent.kernel.ProbePlace;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Protocol;
import java.util.Optional;

/**
 * One check of the data plane, as built from the declared model: a packet from {@code from} to
 * {@code to}:{@code port} that must arrive at {@code at} addressed to
 * {@code arrivesTo}:{@code arrivesPort}, and, for masquerade, with source {@code source}.
 *
 * @param subject what it checks, in words: the mapping ({@code tcp 8080 → 10.88.0.2:80}), or the
 *     container and its gateway, or the network
 * @param network the network of {@code container}
 * @param container the container the probe involves (for masquerade, the one it sends from)
 */
public record Probe(ProbeKind kind, String subject, String network, String container, ProbePlace from, Protocol protocol, Target to, int port, ProbePlace at,
    Target arrivesTo, int arrivesPort, Optional<Target> source) {

  /** The packet, with the probe link's addresses filled in. */
  public ProbePacket packet(ProbeLink link) {
    return new ProbePacket(from, protocol, to.resolve(link), port, at, arrivesTo.resolve(link), arrivesPort);
  }

  /** The source address the packet must arrive with, if the probe checks it. */
  public Optional<IpAddress> expectedSource(ProbeLink link) {
    return source.map(s -> s.resolve(link));
  }

  /** The family its packet is of. */
  public IpFamily family() {
    return arrivesTo.family();
  }

  @Override
  public String toString() {
    return kind + " " + subject;
  }
}
