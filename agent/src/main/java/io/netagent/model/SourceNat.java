package io.netagent.model;

import java.util.Optional;

/** How traffic leaving a network's subnet for the outside gets its source address rewritten. */
public sealed interface SourceNat permits SourceNat.Masquerade, SourceNat.SnatTo, SourceNat.Disabled {

  /** The source address a packet leaving through an interface with {@code egressAddress} gets. */
  Optional<Ipv4Address> rewrite(Ipv4Address egressAddress);

  /** The address of the interface the packet leaves by (nft {@code masquerade}). */
  record Masquerade() implements SourceNat {
    @Override
    public Optional<Ipv4Address> rewrite(Ipv4Address egressAddress) {
      return Optional.of(egressAddress);
    }

    @Override
    public String toString() {
      return "masquerade";
    }
  }

  /** One fixed host address (nft {@code snat to}). */
  record SnatTo(Ipv4Address hostIp) implements SourceNat {
    @Override
    public Optional<Ipv4Address> rewrite(Ipv4Address egressAddress) {
      return Optional.of(hostIp);
    }

    @Override
    public String toString() {
      return "snat to " + hostIp;
    }
  }

  /** No rewrite: the network is routed, not NATed. */
  record Disabled() implements SourceNat {
    @Override
    public Optional<Ipv4Address> rewrite(Ipv4Address egressAddress) {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "no source NAT";
    }
  }
}
