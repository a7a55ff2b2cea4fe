package io.netagent.probe;

/** What one probe checks; the forwarded kinds need the host to route the packet, not only to deliver it locally. */
public enum ProbeKind {
  /** The container reaches its gateway: ARP resolves and a datagram arrives on the bridge. */
  GATEWAY("gateway", false),
  /** A published port, from the host's own namespace to a host address. */
  HOST("host", false),
  /** A published port, from the host to 127.0.0.1 (route_localnet). */
  LOOPBACK("loopback", false),
  /** A published port, from outside: from the probe link, through the host's forward path. */
  OUTSIDE("outside", true),
  /** A published port, from the container itself through a host address and back (hairpin). */
  HAIRPIN("hairpin", true),
  /** Traffic from a network to the outside leaves with the host's address (or snatTo). */
  MASQUERADE("masquerade", true);

  private final String label;
  private final boolean forwarded;

  ProbeKind(String label, boolean forwarded) {
    this.label = label;
    this.forwarded = forwarded;
  }

  /** Whether the host forwards the probe's packet (so ip_forward and forward-hook chains matter). */
  public boolean forwarded() {
    return forwarded;
  }

  @Override
  public String toString() {
    return label;
  }
}
