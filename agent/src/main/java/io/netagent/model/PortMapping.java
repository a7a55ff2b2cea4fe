package io.netagent.model;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A published port over IPv4 (see {@link PublishedPort}): connections to the host's
 * {@code hostPort} (on every local IPv4 address, or only on {@code hostIp}) are forwarded to
 * {@code containerIp:containerPort}.
 */
public record PortMapping(int hostPort, int containerPort, Protocol protocol, Ipv4Address containerIp, Optional<Ipv4Address> hostIp)
    implements Comparable<PortMapping> {

  private static final Comparator<PortMapping> ORDER =
      Comparator.comparing(PortMapping::protocol).thenComparingInt(PortMapping::hostPort);

  public PortMapping {
    requirePort("host", hostPort);
    requirePort("container", containerPort);
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(containerIp);
    Objects.requireNonNull(hostIp);
  }

  static void requirePort(String which, int port) {
    if (port < 1 || port > 65535) {
      throw new ModelException(which + " port " + port + " is outside 1–65535");
    }
  }

  /** The (host port, protocol) pair that must be unique on a host. */
  public Key key() {
    return new Key(hostPort, protocol);
  }

  /** Ordered by protocol, then host port. */
  @Override
  public int compareTo(PortMapping o) {
    return ORDER.compare(this, o);
  }

  /** {@code tcp 8080 → 10.88.0.2:80}, with {@code 127.0.0.1:8080} when bound to a host IP. */
  @Override
  public String toString() {
    String host = hostIp.map(ip -> ip + ":" + hostPort).orElse(String.valueOf(hostPort));
    return protocol + " " + host + " → " + containerIp + ":" + containerPort;
  }

  /** A published host port: its number and protocol. */
  public record Key(int port, Protocol protocol) {
    @Override
    public String toString() {
      return port + "/" + protocol;
    }
  }
}
