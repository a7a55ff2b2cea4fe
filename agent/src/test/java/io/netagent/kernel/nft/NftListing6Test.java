package io.netagent.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.NatRuleset.NatNetwork6;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ip6 table: rendered as docs/kernel-facts.md §11E says, read back as itself, and a hand edit of it seen. */
class NftListing6Test {
  private static final NatNetwork V4 = new NatNetwork(InterfaceName.of("nbr0"), Ipv4Subnet.parse("10.88.0.0/16"), new SourceNat.Masquerade(), true);
  private static final List<NatNetwork6> NETWORKS6 = List.of(
      new NatNetwork6(InterfaceName.of("nbr0"), Ipv6Subnet.parse("fd00:77::/64"), new Ipv6SourceNat.Masquerade(), true),
      new NatNetwork6(InterfaceName.of("nbr1"), Ipv6Subnet.parse("fd00:78::/64"), new Ipv6SourceNat.SnatTo(Ipv6Address.parse("2001:db8:2::1")), false),
      new NatNetwork6(InterfaceName.of("nbr2"), Ipv6Subnet.parse("fd00:79::/64"), new Ipv6SourceNat.Disabled(), true));
  private static final List<Ipv6PortMapping> MAPPINGS6 = List.of(map6(8080, 80, Protocol.TCP, "fd00:77::10", null),
      map6(5353, 53, Protocol.UDP, "fd00:78::3", null), map6(8081, 8081, Protocol.TCP, "fd00:77::11", "2001:db8:2::1"));
  private static final NatRuleset DUAL = new NatRuleset(List.of(V4),
      List.of(new PortMapping(8080, 80, Protocol.TCP, Ipv4Address.parse("10.88.0.2"), Optional.empty())), NETWORKS6, MAPPINGS6);
  private static final NatRuleset SIX_ONLY = new NatRuleset(List.of(), List.of(), NETWORKS6, MAPPINGS6);

  private static Ipv6PortMapping map6(int host, int container, Protocol protocol, String containerIp, String hostIp) {
    return new Ipv6PortMapping(host, container, protocol, Ipv6Address.parse(containerIp), Optional.ofNullable(hostIp).map(Ipv6Address::parse));
  }

  private static List<ObjectNode> objects(NftFamily family, NatRuleset ruleset) {
    return NftTable.objects(FamilyPart.of(family, ruleset));
  }

  private static NatRuleset parse(NatRuleset ruleset, Consumer<ArrayNode> editIp6) {
    return NftListing.parse(Optional.of(NftListingTest.listing(NftFamily.IP, objects(NftFamily.IP, ruleset), items -> {})),
        Optional.of(NftListingTest.listing(NftFamily.IP6, objects(NftFamily.IP6, ruleset), editIp6)));
  }

  private static JsonNode rule(List<ObjectNode> objects, String comment) {
    return objects.stream().map(o -> o.path("rule")).filter(r -> r.path("comment").asText().equals("netagent:" + comment)).findFirst().orElseThrow();
  }

  @Test
  void bothTablesOfADualStackOrIpv6OnlyRulesetReadBackAsTheSameRuleset() {
    assertThat(parse(DUAL, items -> {})).isEqualTo(DUAL);
    assertThat(parse(SIX_ONLY, items -> {})).isEqualTo(SIX_ONLY);
  }

  @Test
  void theIp6TableIsTheIpv6TwinWithoutLoopbackPublishingAndKeepsColonColonOneTheHosts() {
    List<ObjectNode> ip6 = objects(NftFamily.IP6, DUAL);

    assertThat(ip6).allSatisfy(o -> assertThat(o.elements().next().path("family").asText()).isEqualTo("ip6"));
    assertThat(ip6).filteredOn(o -> o.has("chain")).extracting(o -> o.get("chain").path("name").asText())
        .containsExactly("prerouting", "output", "portmap", "postrouting", "count_in", "count_out", "forward");
    assertThat(ip6).filteredOn(o -> o.has("rule")).extracting(o -> o.get("rule").path("comment").asText()).noneMatch(c -> c.contains("localhost"))
        .contains("netagent:snat nbr1 fd00:78::/64 2001:db8:2::1", "netagent:isolate nbr0 from", "netagent:hairpin nbr2 fd00:79::/64");
    JsonNode boundAddr = ip6.stream().map(o -> o.path("map")).filter(m -> m.path("name").asText().equals("bound_addr")).findFirst().orElseThrow();
    assertThat(boundAddr.toString()).isEqualTo("{\"family\":\"ip6\",\"name\":\"bound_addr\",\"table\":\"netagent\","
        + "\"type\":[\"ipv6_addr\",\"inet_proto\",\"inet_service\"],\"map\":\"ipv6_addr\","
        + "\"elem\":[[{\"concat\":[\"2001:db8:2::1\",\"tcp\",8081]},\"fd00:77::11\"]]}");
    assertThat(rule(ip6, "published").path("expr").toString()).as("prerouting")
        .isEqualTo("[{\"match\":{\"op\":\"==\",\"left\":{\"fib\":{\"result\":\"type\",\"flags\":[\"daddr\"]}},\"right\":\"local\"}},"
            + "{\"jump\":{\"target\":\"portmap\"}}]");
    JsonNode output = ip6.stream().map(o -> o.path("rule")).filter(r -> r.path("chain").asText().equals("output")).findFirst().orElseThrow();
    assertThat(output.path("expr").toString()).isEqualTo("[{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":\"ip6\",\"field\":\"daddr\"}},"
        + "\"right\":\"::1\"}},{\"match\":{\"op\":\"==\",\"left\":{\"fib\":{\"result\":\"type\",\"flags\":[\"daddr\"]}},\"right\":\"local\"}},"
        + "{\"jump\":{\"target\":\"portmap\"}}]");
    assertThat(rule(ip6, "snat nbr1 fd00:78::/64 2001:db8:2::1").path("expr").get(0).toString())
        .isEqualTo("{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip6\",\"field\":\"saddr\"}},"
            + "\"right\":{\"prefix\":{\"addr\":\"fd00:78::\",\"len\":64}}}}");
    assertThat(rule(ip6, "snat nbr1 fd00:78::/64 2001:db8:2::1").path("expr").get(3).toString()).isEqualTo("{\"snat\":{\"addr\":\"2001:db8:2::1\"}}");
    assertThat(rule(ip6, "bound").toString()).contains("{\"payload\":{\"protocol\":\"ip6\",\"field\":\"daddr\"}}");
    assertThat(objects(NftFamily.IP, DUAL)).as("the ip table of a dual-stack ruleset is the IPv4-only one's")
        .isEqualTo(objects(NftFamily.IP, new NatRuleset(DUAL.networks(), DUAL.mappings())));
  }

  @Test
  void oneDocumentReplacesBothTables() throws Exception {
    JsonNode commands = NftRuleset.JSON.readTree(NftRuleset.replace(DUAL)).get("nftables");
    List<String> verbs = new ArrayList<>();
    commands.forEach(c -> {
      String verb = c.fieldNames().next();
      JsonNode table = c.path(verb).path("table");
      if (table.isObject()) {
        verbs.add(verb + " " + table.path("family").asText());
      }
    });

    assertThat(verbs).containsExactly("add ip", "delete ip", "add ip", "add ip6", "delete ip6", "add ip6");
    assertThat(commands.size()).isEqualTo(1 + 3 + objects(NftFamily.IP, DUAL).size() + 3 + objects(NftFamily.IP6, DUAL).size());
  }

  @Test
  void aPortUpdateTouchesTheMapsOfEachFamily() throws Exception {
    NatRuleset after = new NatRuleset(DUAL.networks(), List.of(), DUAL.networks6(),
        List.of(MAPPINGS6.get(0), map6(5353, 53, Protocol.UDP, "fd00:78::4", null)));

    JsonNode commands = NftRuleset.JSON.readTree(NftRuleset.updateMaps(DUAL, after)).get("nftables");

    List<String> lines = new ArrayList<>();
    commands.forEach(c -> c.fields().forEachRemaining(f -> {
      if (f.getValue().has("element")) {
        JsonNode e = f.getValue().get("element");
        lines.add(f.getKey() + " " + e.path("family").asText() + " " + e.path("name").asText() + " " + e.path("elem"));
      }
    }));
    assertThat(lines).containsExactly("delete ip any_addr [{\"concat\":[\"tcp\",8080]}]", "delete ip any_port [{\"concat\":[\"tcp\",8080]}]",
        "delete ip any_count [{\"concat\":[\"tcp\",8080]}]",
        "delete ip6 any_addr [{\"concat\":[\"udp\",5353]}]", "delete ip6 any_port [{\"concat\":[\"udp\",5353]}]",
        "delete ip6 bound_addr [{\"concat\":[\"2001:db8:2::1\",\"tcp\",8081]}]", "delete ip6 bound_port [{\"concat\":[\"2001:db8:2::1\",\"tcp\",8081]}]",
        "delete ip6 any_count [{\"concat\":[\"udp\",5353]}]", "delete ip6 bound_count [{\"concat\":[\"2001:db8:2::1\",\"tcp\",8081]}]",
        "add ip6 any_addr [[{\"concat\":[\"udp\",5353]},\"fd00:78::4\"]]", "add ip6 any_port [[{\"concat\":[\"udp\",5353]},53]]",
        "add ip6 any_count [{\"concat\":[\"udp\",5353]}]");
  }

  @Test
  void addressesListedAsInetNtopWritesThemReadTheSame() {
    NatRuleset compat = new NatRuleset(List.of(), List.of(), NETWORKS6, List.of(map6(9000, 90, Protocol.UDP, "::102:304", "2001:db8:2::1")));
    NatRuleset parsed = parse(compat, items -> items.forEach(item -> {
      JsonNode elements = item.path("map").path("elem");
      if (item.path("map").path("map").asText().equals("ipv6_addr") && elements.isArray()) {
        elements.forEach(e -> {
          ((ArrayNode) e).set(1, "::1.2.3.4");
          ((ArrayNode) e.get(0).get("concat")).set(0, "2001:DB8:2:0:0:0:0:1");
        });
      }
    }));

    assertThat(parsed).isEqualTo(compat);
  }

  @Test
  void aHandEditOfTheIp6TableIsUnrecognizedAndNamesTheTable() {
    NatRuleset parsed = parse(DUAL, items -> {
      items.forEach(item -> {
        if (item.path("rule").path("chain").asText().equals("output")) {
          ((ArrayNode) item.get("rule").get("expr")).remove(0);
        }
      });
      items.addObject().putObject("rule").put("family", "ip6").put("table", "netagent").put("chain", "forward").put("handle", 99)
          .putArray("expr").addObject().putNull("drop");
    });

    assertThat(parsed.unrecognized()).containsExactly("table ip6 netagent: missing rule in chain output \"netagent:published\"",
        "table ip6 netagent: not netagent's rule in chain output \"netagent:published\"",
        "table ip6 netagent: not netagent's rule in chain forward (no comment)");
    assertThat(parsed).isNotEqualTo(DUAL);
  }

  @Test
  void aMissingOrLeftOverTableIsSeen() {
    NatRuleset v4 = new NatRuleset(DUAL.networks(), DUAL.mappings());
    String ip = NftListingTest.listing(NftFamily.IP, objects(NftFamily.IP, DUAL), items -> {});
    String ip6 = NftListingTest.listing(NftFamily.IP6, objects(NftFamily.IP6, DUAL), items -> {});
    String emptyIp6 = NftListingTest.listing(NftFamily.IP6, List.of(), items -> {});

    assertThat(NftListing.parse(Optional.of(ip), Optional.empty())).as("no ip6 table").isEqualTo(v4);
    assertThat(NftListing.parse(Optional.of(ip), Optional.of(ip6))).as("an ip6 table left from before is read, not ignored").isEqualTo(DUAL)
        .isNotEqualTo(v4);
    assertThat(NftListing.parse(Optional.of(ip), Optional.of(emptyIp6)).unrecognized()).containsExactly("not netagent's table ip6 netagent, empty");
    NatRuleset noIp = NftListing.parse(Optional.empty(), Optional.of(ip6));
    assertThat(noIp.unrecognized()).containsExactly("missing table ip netagent");
    assertThat(noIp.mappings6()).isEqualTo(DUAL.mappings6());
  }

  @Test
  void readingListsEachTableAndTakesNoSuchTableAsAbsent() {
    String ip = NftListingTest.listing(NftFamily.IP, objects(NftFamily.IP, DUAL), items -> {});
    String ip6 = NftListingTest.listing(NftFamily.IP6, objects(NftFamily.IP6, DUAL), items -> {});
    NftablesException noTable = new NftablesException("Error: Could not process rule: No such file or directory");

    assertThat(NftListing.read(c -> c.contains("\"ip6\"") ? ip6 : ip)).contains(DUAL);
    assertThat(NftListing.read(c -> {
      if (c.contains("\"ip6\"")) {
        throw noTable;
      }
      return ip;
    })).contains(new NatRuleset(DUAL.networks(), DUAL.mappings()));
    assertThat(NftListing.read(c -> {
      throw noTable;
    })).isEmpty();
    assertThatThrownBy(() -> NftListing.read(c -> {
      throw new NftablesException("Error: Could not process rule: Operation not permitted");
    })).isInstanceOf(NftablesException.class);
  }
}
