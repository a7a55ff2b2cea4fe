package io.netagent.model;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A published port over IPv6, the twin of {@link PortMapping}: connections to the host's
 * {@code hostPort} (on every local IPv6 address, or only on {@code hostIp}) are forwarded to
 * {@code [containerIp]:containerPort}.
 */
public record Ipv6PortMapping(int hostPort, int containerPort, Protocol protocol, Ipv6Address containerIp, Optional<Ipv6Address> hostIp)
    implements Comparable<Ipv6PortMapping> {

  private static final Comparator<Ipv6PortMapping> ORDER =
      Comparator.comparing(Ipv6PortMapping::protocol).thenComparingInt(Ipv6PortMapping::hostPort);

  public Ipv6PortMapping {
    PortMapping.requirePort("host", hostPort);
    PortMapping.requirePort("container", containerPort);
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(containerIp);
    Objects.requireNonNull(hostIp);
  }

  /** The (host port, protocol) pair that must be unique on a host, over both families. */
  public PortMapping.Key key() {
    return new PortMapping.Key(hostPort, protocol);
  }

  /** Ordered by protocol, then host port. */
  @Override
  public int compareTo(Ipv6PortMapping o) {
    return ORDER.compare(this, o);
  }

  /** {@code tcp 8080 → [fd00:88::2]:80}, with {@code [2001:db8::1]:8080} when bound to a host IP. */
  @Override
  public String toString() {
    String host = hostIp.map(ip -> "[" + ip + "]:" + hostPort).orElse(String.valueOf(hostPort));
    return protocol + " " + host + " → [" + containerIp + "]:" + containerPort;
  }
}
