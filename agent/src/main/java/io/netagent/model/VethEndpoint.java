package io.netagent.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One end of a veth pair.
 *
 * @param name interface name in its namespace
 * @param peer the other end's name (in the other end's namespace)
 * @param mac its Ethernet address
 * @param address its IPv4 address, if it has one
 * @param address6 its IPv6 address, if it has one
 * @param mtu 68–65535
 * @param up whether it is administratively up
 * @param namespace the namespace it lives in
 */
public record VethEndpoint(
    InterfaceName name,
    InterfaceName peer,
    MacAddress mac,
    Optional<Ipv4Cidr> address,
    Optional<Ipv6Cidr> address6,
    int mtu,
    boolean up,
    NamespaceRef namespace) {

  public VethEndpoint {
    Objects.requireNonNull(name);
    Objects.requireNonNull(peer);
    Objects.requireNonNull(mac);
    Objects.requireNonNull(address);
    Objects.requireNonNull(address6);
    Objects.requireNonNull(namespace);
    Mtu.requireValid(mtu);
    if (mac.isMulticast() || mac.isZero()) {
      throw new ModelException("MAC " + mac + " of " + name + " must be a unicast address");
    }
  }
}
