package io.netagent.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Linux bridge serving a subnet of either family or both: its gateway address in each, the
 * interfaces attached to it, the ARP proxy entries it answers for, and its NAT table. Immutable;
 * every change returns a new bridge.
 *
 * @param name interface name
 * @param mac fixed MAC, so that it never follows its ports (see docs/kernel-facts.md §2B: a MAC
 *     change flushes the permanent neighbour entries)
 * @param ipv4 its IPv4 subnet and gateway; empty on an IPv6-only network
 * @param ipv6 its IPv6 subnet, gateway and source NAT; empty on an IPv4-only network
 * @param mtu 68–65535
 * @param attached names of the interfaces attached to it, without duplicates
 * @param arpProxy ARP proxy entries, at most one per IP; only with IPv4
 * @param nat the IPv4 source NAT and published ports; without IPv4, no source NAT and no ports
 */
public record Bridge(
    InterfaceName name,
    MacAddress mac,
    Optional<BridgeIpv4> ipv4,
    Optional<BridgeIpv6> ipv6,
    int mtu,
    List<InterfaceName> attached,
    List<ArpProxyEntry> arpProxy,
    NatTable nat) {

  /**
   * The most ports a Linux bridge takes, and so the most containers a network holds: it numbers
   * them with 10 bits and never uses 0; one more is refused with EXFULL (docs/kernel-facts.md §10).
   */
  public static final int MAX_PORTS = 1023;

  public Bridge {
    Objects.requireNonNull(name);
    Objects.requireNonNull(mac);
    Objects.requireNonNull(ipv4);
    Objects.requireNonNull(ipv6);
    Objects.requireNonNull(nat);
    if (ipv4.isEmpty() && ipv6.isEmpty()) {
      throw new ModelException("bridge " + name + " has neither an IPv4 nor an IPv6 subnet");
    }
    if (mac.isMulticast() || mac.isZero()) {
      throw new ModelException("bridge MAC " + mac + " must be a unicast address");
    }
    Mtu.requireValid(mtu);
    attached = List.copyOf(attached);
    // Not Set.copyOf: its open addressing probes long runs for names that differ only in a number (see ObservedState).
    if (new HashSet<>(attached).size() != attached.size()) {
      throw new ModelException("bridge " + name + " lists an attached interface twice");
    }
    arpProxy = List.copyOf(arpProxy);
    if (arpProxy.stream().map(ArpProxyEntry::ip).distinct().count() != arpProxy.size()) {
      throw new ModelException("bridge " + name + " has two ARP proxy entries for one IP");
    }
    if (ipv4.isEmpty() && (!arpProxy.isEmpty() || !(nat.sourceNat() instanceof SourceNat.Disabled) || !nat.mappings().isEmpty())) {
      throw new ModelException("bridge " + name + " has no IPv4 subnet, so no ARP proxy entries, IPv4 source NAT or IPv4 port mappings");
    }
  }

  /** A bridge with nothing attached, no ARP proxy entries and no published ports. */
  public static Bridge of(InterfaceName name, MacAddress mac, Optional<BridgeIpv4> ipv4, Optional<BridgeIpv6> ipv6, int mtu, SourceNat sourceNat) {
    return new Bridge(name, mac, ipv4, ipv6, mtu, List.of(), List.of(), NatTable.of(sourceNat));
  }

  /** This bridge with {@code port} attached; attaching an attached port changes nothing. */
  public Bridge attach(InterfaceName port) {
    if (attached.contains(port)) {
      return this;
    }
    List<InterfaceName> next = new ArrayList<>(attached);
    next.add(port);
    return new Bridge(name, mac, ipv4, ipv6, mtu, next, arpProxy, nat);
  }

  /** This bridge without {@code port}; detaching a port that is not attached changes nothing. */
  public Bridge detach(InterfaceName port) {
    if (!attached.contains(port)) {
      return this;
    }
    List<InterfaceName> next = new ArrayList<>(attached);
    next.remove(port);
    return new Bridge(name, mac, ipv4, ipv6, mtu, next, arpProxy, nat);
  }

  public int attachedCount() {
    return attached.size();
  }

  /** Whether {@code ip} is in the IPv4 subnet; never without one. */
  public boolean inSubnet(Ipv4Address ip) {
    return ipv4.map(v4 -> v4.subnet().contains(ip)).orElse(false);
  }

  /**
   * This bridge with an ARP proxy entry added. The same entry again changes nothing.
   *
   * @throws AlreadyExistsException when the IP already has an entry with another MAC
   */
  public Bridge withArpProxy(ArpProxyEntry entry) {
    Optional<MacAddress> existing = lookupArpProxy(entry.ip());
    if (existing.isPresent()) {
      if (existing.get().equals(entry.mac())) {
        return this;
      }
      throw new AlreadyExistsException("ARP proxy entry for " + entry.ip() + " already exists (→ " + existing.get() + ")");
    }
    List<ArpProxyEntry> next = new ArrayList<>(arpProxy);
    next.add(entry);
    return new Bridge(name, mac, ipv4, ipv6, mtu, attached, next, nat);
  }

  /** The MAC the bridge answers for {@code ip}, if it has an entry. */
  public Optional<MacAddress> lookupArpProxy(Ipv4Address ip) {
    return arpProxy.stream().filter(e -> e.ip().equals(ip)).map(ArpProxyEntry::mac).findFirst();
  }

  /** This bridge with another NAT table. */
  public Bridge withNat(NatTable table) {
    return new Bridge(name, mac, ipv4, ipv6, mtu, attached, arpProxy, table);
  }

  /**
   * The source address of a packet from {@code source} to {@code destination} after source NAT,
   * leaving through an interface with {@code egressAddress}: rewritten only for traffic from the
   * subnet to outside it.
   */
  public Optional<Ipv4Address> snatRewrite(Ipv4Address source, Ipv4Address destination, Ipv4Address egressAddress) {
    if (!inSubnet(source) || inSubnet(destination)) {
      return Optional.empty();
    }
    return nat.snatRewrite(egressAddress);
  }
}
