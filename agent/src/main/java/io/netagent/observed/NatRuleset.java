package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.SourceNat;
import java.util.Comparator;
import java.util.List;

/**
 * The content of netagent's nftables table, in model terms: the source NAT and isolation of
 * each network and every published port. The kernel adapter renders it as one atomic nftables transaction and
 * reads it back; two rulesets are equal exactly when the tables would be.
 *
 * @param networks sorted by bridge name
 * @param mappings sorted by protocol, then host port
 * @param unrecognized what the kernel's table holds beyond these, in words (a hand edit); always
 *     empty in a declared ruleset, so a table with any is never equal to one
 */
public record NatRuleset(List<NatNetwork> networks, List<PortMapping> mappings, List<String> unrecognized) {

  public NatRuleset {
    networks = networks.stream().sorted(Comparator.comparing(NatNetwork::bridge)).toList();
    mappings = mappings.stream().sorted().toList();
    unrecognized = List.copyOf(unrecognized);
  }

  /** A ruleset exactly as netagent renders it. */
  public NatRuleset(List<NatNetwork> networks, List<PortMapping> mappings) {
    this(networks, mappings, List.of());
  }

  /**
   * One network's part: traffic from {@code subnet} leaving by any interface but {@code bridge},
   * and, when {@code isolated}, no traffic routed between {@code bridge} and another network's
   * bridge but to published ports.
   */
  public record NatNetwork(InterfaceName bridge, Ipv4Subnet subnet, SourceNat sourceNat, boolean isolated) {
    @Override
    public String toString() {
      return sourceNat + " " + subnet + " leaving by any interface but " + bridge + (isolated ? ", isolated" : ", not isolated");
    }
  }
}
