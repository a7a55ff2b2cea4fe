package io.netagent.config;

import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import io.netagent.model.ModelException;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.PublishedPort;
import java.util.List;
import java.util.Optional;

/**
 * Reads one entry of a container's {@code ports}. A {@code hostIp} of either family binds it to
 * that family (and, unless it is {@code 0.0.0.0} or {@code ::}, to that address); on a network
 * of one family, that family's wildcard is no restriction and reads as no hostIp at all.
 */
final class PortResolver {
  private PortResolver() {}

  /**
   * @param net the container's network, when it resolved: a hostIp must be of a family it has
   * @param owner whom the port belongs to, for a clash with another's
   * @param claims receives the port's (host port, protocol) when those are well-formed
   */
  static Optional<Value<PublishedPort>> port(Fields p, Convert convert, Optional<NetworkSpec> net, String owner, List<PortClaim> claims) {
    Optional<Value<Integer>> host = convert.apply(p.integer("host", true), n -> portNumber("host", n));
    Optional<Value<Integer>> container = convert.apply(p.integer("container", true), n -> portNumber("container", n));
    Optional<Value<Protocol>> protocol = convert.apply(p.string("protocol", false), Protocol::parse);
    Optional<Value<IpAddress>> hostIp = convert.apply(p.string("hostIp", false), PortResolver::hostIp);
    if (host.isPresent() && (!p.has("protocol") || protocol.isPresent())) {
      PortMapping.Key key = new PortMapping.Key(host.get().value(), protocol.map(Value::value).orElse(Protocol.TCP));
      claims.add(new PortClaim(key, owner, host.get().location(), p.path() + ".host"));
    }
    boolean wrongFamily = hostIp.isPresent() && net.isPresent() && !familyOf(hostIp.get(), net.get(), convert);
    boolean failed = host.isEmpty() || container.isEmpty() || (p.has("protocol") && protocol.isEmpty())
        || (p.has("hostIp") && hostIp.isEmpty()) || wrongFamily;
    if (failed) {
      return Optional.empty();
    }
    boolean singleFamily = net.isEmpty() || net.get().bridge().ipv4().isEmpty() || net.get().bridge().ipv6().isEmpty();
    Optional<IpAddress> bound = hostIp.map(Value::value).filter(ip -> !(ip.isUnspecified() && singleFamily));
    PublishedPort mapping = new PublishedPort(host.get().value(), container.get().value(), protocol.map(Value::value).orElse(Protocol.TCP), bound);
    return Optional.of(new Value<>(mapping, host.get().location(), p.path()));
  }

  /** Reports a hostIp of a family the network lacks; false then. */
  private static boolean familyOf(Value<IpAddress> hostIp, NetworkSpec net, Convert convert) {
    String netName = net.name().value();
    if (hostIp.value() instanceof Ipv4Address && net.bridge().ipv4().isEmpty()) {
      convert.problem(hostIp.location(), hostIp.path(), "hostIp " + hostIp.value() + " is an IPv4 address, but network " + netName
          + " has no \"subnet\" (it is IPv6-only)");
      return false;
    }
    if (hostIp.value() instanceof Ipv6Address && net.bridge().ipv6().isEmpty()) {
      convert.problem(hostIp.location(), hostIp.path(), "hostIp " + hostIp.value() + " is an IPv6 address, but network " + netName
          + " has no \"subnet6\" (it is IPv4-only)");
      return false;
    }
    return true;
  }

  private static int portNumber(String which, int port) {
    if (port < 1 || port > 65535) {
      throw new ModelException(which + " port " + port + " is outside 1–65535");
    }
    return port;
  }

  /**
   * A host address a port can be published on: any IPv4 one (127.0.0.1 included: route_localnet
   * serves it, docs/kernel-facts.md §4), and an IPv6 one that is {@code ::} or a unicast address of
   * global or unique local scope.
   */
  private static IpAddress hostIp(String text) {
    IpAddress ip = IpAddress.parse(text);
    if (ip instanceof Ipv6Address v6 && !v6.isUnspecified() && v6.specialUse().isPresent()) {
      String why;
      if (v6.isLoopback()) {
        why = "connections to it cannot be forwarded to a container, which must drop packets from ::1 (RFC 4291 §2.5.3; IPv6 has no "
            + "route_localnet): publish on a host address, or on all";
      } else if (v6.isIpv4Mapped()) {
        why = "write the IPv4 address " + new Ipv4Address((int) v6.low());
      } else {
        why = "a port is published on a unicast host address of global or unique local scope, or on all";
      }
      throw new ModelException(v6 + " is " + v6.specialUse().get() + ": " + why);
    }
    return ip;
  }
}
