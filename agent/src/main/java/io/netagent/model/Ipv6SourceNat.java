package io.netagent.model;

/**
 * How IPv6 traffic leaving a network's subnet6 for the outside gets its source address
 * rewritten (NAT66), the twin of {@link SourceNat}.
 */
public sealed interface Ipv6SourceNat permits Ipv6SourceNat.Masquerade, Ipv6SourceNat.SnatTo, Ipv6SourceNat.Disabled {

  /** The address of the interface the packet leaves by (nft {@code masquerade}). */
  record Masquerade() implements Ipv6SourceNat {
    @Override
    public String toString() {
      return "masquerade";
    }
  }

  /** One fixed host address (nft {@code snat ip6 to}): one the outside can answer, so no special-use address. */
  record SnatTo(Ipv6Address hostIp) implements Ipv6SourceNat {
    public SnatTo {
      hostIp.specialUse().ifPresent(use -> {
        throw new ModelException(hostIp + " is " + use + ": source NAT needs an address the outside can answer");
      });
    }

    @Override
    public String toString() {
      return "snat to " + hostIp;
    }
  }

  /** No rewrite: the network's IPv6 is routed, not NATed. */
  record Disabled() implements Ipv6SourceNat {
    @Override
    public String toString() {
      return "no source NAT";
    }
  }
}
