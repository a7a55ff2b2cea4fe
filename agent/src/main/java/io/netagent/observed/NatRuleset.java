package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.SourceNat;
import java.util.Comparator;
import java.util.List;

/**
 * The content of netagent's nftables tables, in model terms: the source NAT and isolation of
 * each network and every published port, of each family. The kernel adapter renders it as one
 * atomic nftables transaction ({@code ip netagent}, and {@code ip6 netagent} when there is any
 * IPv6, docs/kernel-facts.md §11E) and reads it back; two rulesets are equal exactly when the
 * tables would be.
 *
 * @param networks the IPv4 part of each network with IPv4, sorted by bridge name
 * @param mappings ports published over IPv4, sorted by protocol, then host port
 * @param networks6 the IPv6 part of each network with IPv6, sorted by bridge name
 * @param mappings6 ports published over IPv6, sorted by protocol, then host port
 * @param unrecognized what the kernel's tables hold beyond these, in words (a hand edit); always
 *     empty in a declared ruleset, so a table with any is never equal to one
 */
public record NatRuleset(List<NatNetwork> networks, List<PortMapping> mappings, List<NatNetwork6> networks6, List<Ipv6PortMapping> mappings6,
    List<String> unrecognized) {

  /** No network and no port. */
  public static final NatRuleset EMPTY = new NatRuleset(List.of(), List.of());

  public NatRuleset {
    networks = networks.stream().sorted(Comparator.comparing(NatNetwork::bridge)).toList();
    mappings = mappings.stream().sorted().toList();
    networks6 = networks6.stream().sorted(Comparator.comparing(NatNetwork6::bridge)).toList();
    mappings6 = mappings6.stream().sorted().toList();
    unrecognized = List.copyOf(unrecognized);
  }

  /** An IPv4-only ruleset exactly as netagent renders it. */
  public NatRuleset(List<NatNetwork> networks, List<PortMapping> mappings) {
    this(networks, mappings, List.of(), List.of(), List.of());
  }

  /** A ruleset of both families exactly as netagent renders it. */
  public NatRuleset(List<NatNetwork> networks, List<PortMapping> mappings, List<NatNetwork6> networks6, List<Ipv6PortMapping> mappings6) {
    this(networks, mappings, networks6, mappings6, List.of());
  }

  /** Whether it has an IPv6 part, which takes the second table. */
  public boolean hasIpv6() {
    return !networks6.isEmpty() || !mappings6.isEmpty();
  }

  /**
   * One network's IPv4 part: traffic from {@code subnet} leaving by any interface but
   * {@code bridge}, and, when {@code isolated}, no traffic routed between {@code bridge} and
   * another network's bridge but to published ports.
   */
  public record NatNetwork(InterfaceName bridge, Ipv4Subnet subnet, SourceNat sourceNat, boolean isolated) {
    @Override
    public String toString() {
      return sourceNat + " " + subnet + " leaving by any interface but " + bridge + (isolated ? ", isolated" : ", not isolated");
    }
  }

  /** One network's IPv6 part, the twin of {@link NatNetwork}. */
  public record NatNetwork6(InterfaceName bridge, Ipv6Subnet subnet, Ipv6SourceNat sourceNat, boolean isolated) {
    @Override
    public String toString() {
      return sourceNat + " " + subnet + " leaving by any interface but " + bridge + (isolated ? ", isolated" : ", not isolated");
    }
  }
}
