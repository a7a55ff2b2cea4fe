package io.netagent.kernel;

import io.netagent.model.IpAddress;
import io.netagent.model.Protocol;

/**
 * One packet of a probe, IPv4 or IPv6 (both addresses of one family): sent from namespace {@code from} (its interface does not matter: the
 * routes choose) to {@code to}:{@code port}, and expected at interface {@code at} addressed to
 * {@code arrivesTo}:{@code arrivesPort} (the container's address and port, after DNAT). A UDP
 * datagram carries a random token; a TCP probe is the SYN of a connection attempt with a source
 * port of its own, and whatever the receiver answers (RST or SYN-ACK) does not matter.
 */
public record ProbePacket(ProbePlace from, Protocol protocol, IpAddress to, int port, ProbePlace at, IpAddress arrivesTo,
    int arrivesPort) {}
