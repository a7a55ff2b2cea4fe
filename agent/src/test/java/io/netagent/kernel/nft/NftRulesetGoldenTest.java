package io.netagent.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.NatRuleset.NatNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An IPv4-only ruleset renders the ip table byte for byte as before the IPv6 table existed (the
 * golden files were rendered by that version, then rendered again, on purpose, when the counting
 * sets and chains of the published ports' metrics came: those were the only additions, nothing
 * else changed); what comes in addition only removes an ip6 table left from before, in the same
 * transaction.
 */
class NftRulesetGoldenTest {
  private static final NatRuleset RULESET = new NatRuleset(
      List.of(new NatNetwork(InterfaceName.of("nbr0"), Ipv4Subnet.parse("10.88.0.0/16"), new SourceNat.Masquerade(), true),
          new NatNetwork(InterfaceName.of("nbr1"), Ipv4Subnet.parse("10.89.0.0/24"), new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10")), false),
          new NatNetwork(InterfaceName.of("nbr2"), Ipv4Subnet.parse("10.90.0.0/24"), new SourceNat.Disabled(), true)),
      List.of(map(8080, 80, Protocol.TCP, "10.88.0.2", null), map(5353, 53, Protocol.UDP, "10.89.0.3", null),
          map(8443, 443, Protocol.TCP, "10.88.0.2", "127.0.0.1")));
  private static final NatRuleset PORTS_CHANGED = new NatRuleset(RULESET.networks(),
      List.of(map(8080, 81, Protocol.TCP, "10.88.0.3", null), map(9999, 53, Protocol.UDP, "10.89.0.3", "192.0.2.1")));

  private static PortMapping map(int host, int container, Protocol protocol, String containerIp, String hostIp) {
    return new PortMapping(host, container, protocol, Ipv4Address.parse(containerIp), Optional.ofNullable(hostIp).map(Ipv4Address::parse));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = NftRulesetGoldenTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  @Test
  void theIpTableOfAnIpv4OnlyReplaceIsByteForByteTheOldOneAndTheIp6TableIsOnlyDeleted() throws IOException {
    String old = golden("ipv4-replace.json");
    String now = NftRuleset.replace(RULESET);
    String ip6Gone = ",{\"add\":{\"table\":{\"family\":\"ip6\",\"name\":\"netagent\"}}},{\"delete\":{\"table\":{\"family\":\"ip6\",\"name\":\"netagent\"}}}]}";

    assertThat(now).isEqualTo(old.substring(0, old.length() - "]}".length()) + ip6Gone);
  }

  @Test
  void anIpv4OnlyPortUpdateIsByteForByteTheOldOne() throws IOException {
    assertThat(NftRuleset.updateMaps(RULESET, PORTS_CHANGED)).isEqualTo(golden("ipv4-update-maps.json"));
  }

  @Test
  void listingTheIpTableIsTheOldCommand() throws IOException {
    assertThat(NftRuleset.list(NftFamily.IP)).isEqualTo(golden("ipv4-list.json"));
  }

  @Test
  void deletingDeletesTheIpTableAsBeforeAndTheIp6TableWhetherOrNotItExists() throws Exception {
    JsonNode old = NftRuleset.JSON.readTree(golden("ipv4-delete.json")).get("nftables");
    JsonNode now = NftRuleset.JSON.readTree(NftRuleset.delete()).get("nftables");

    assertThat(now.get(0)).as("ENOENT when there is no ip table, as before").isEqualTo(old.get(0));
    assertThat(now).hasSize(3);
    assertThat(now.get(1).toString()).isEqualTo("{\"add\":{\"table\":{\"family\":\"ip6\",\"name\":\"netagent\"}}}");
    assertThat(now.get(2).toString()).isEqualTo("{\"delete\":{\"table\":{\"family\":\"ip6\",\"name\":\"netagent\"}}}");
  }
}
