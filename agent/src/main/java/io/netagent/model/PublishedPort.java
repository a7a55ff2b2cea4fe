package io.netagent.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A port a container publishes, as declared: connections to the host's {@code hostPort} go to
 * the container's {@code containerPort}, over each family the container has an address of
 * ({@link Container#ports()}, {@link Container#ports6()}). A {@code hostIp} restricts it to its
 * own family, and, unless it is that family's unspecified address ({@code 0.0.0.0}, {@code ::}),
 * to that host address.
 */
public record PublishedPort(int hostPort, int containerPort, Protocol protocol, Optional<IpAddress> hostIp) {

  public PublishedPort {
    PortMapping.requirePort("host", hostPort);
    PortMapping.requirePort("container", containerPort);
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(hostIp);
  }

  /** Whether it is published over IPv4: bound to no address, or to an IPv4 one. */
  public boolean overIpv4() {
    return hostIp.isEmpty() || hostIp.get() instanceof Ipv4Address;
  }

  /** Whether it is published over IPv6: bound to no address, or to an IPv6 one. */
  public boolean overIpv6() {
    return hostIp.isEmpty() || hostIp.get() instanceof Ipv6Address;
  }

  /** Its forwarding to {@code container} over IPv4; only when {@link #overIpv4()}. */
  PortMapping toIpv4(Ipv4Address container) {
    Optional<Ipv4Address> bound = hostIp.filter(ip -> !ip.isUnspecified()).map(Ipv4Address.class::cast);
    return new PortMapping(hostPort, containerPort, protocol, container, bound);
  }

  /** Its forwarding to {@code container} over IPv6; only when {@link #overIpv6()}. */
  Ipv6PortMapping toIpv6(Ipv6Address container) {
    Optional<Ipv6Address> bound = hostIp.filter(ip -> !ip.isUnspecified()).map(Ipv6Address.class::cast);
    return new Ipv6PortMapping(hostPort, containerPort, protocol, container, bound);
  }

  /** {@code tcp 8080 → 80}, with {@code 127.0.0.1:8080} or {@code [2001:db8::1]:8080} when bound to a host IP. */
  @Override
  public String toString() {
    String host = hostIp.map(ip -> (ip instanceof Ipv6Address ? "[" + ip + "]" : ip.toString()) + ":" + hostPort).orElse(String.valueOf(hostPort));
    return protocol + " " + host + " → " + containerPort;
  }
}
