package io.netagent.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.PortTraffic;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The renderer and the parser agree on the ip table, and a hand edit of it is always seen. */
class NftListingTest {
  private static final NatRuleset RULESET = new NatRuleset(
      List.of(new NatNetwork(InterfaceName.of("nbr0"), Ipv4Subnet.parse("10.88.0.0/16"), new SourceNat.Masquerade(), true),
          new NatNetwork(InterfaceName.of("nbr1"), Ipv4Subnet.parse("10.89.0.0/24"), new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10")), false),
          new NatNetwork(InterfaceName.of("nbr2"), Ipv4Subnet.parse("10.90.0.0/24"), new SourceNat.Disabled(), true)),
      List.of(new PortMapping(8080, 80, Protocol.TCP, Ipv4Address.parse("10.88.0.2"), Optional.empty()),
          new PortMapping(5353, 53, Protocol.UDP, Ipv4Address.parse("10.89.0.3"), Optional.empty()),
          new PortMapping(8443, 443, Protocol.TCP, Ipv4Address.parse("10.88.0.2"), Optional.of(Ipv4Address.parse("127.0.0.1")))));

  /** What {@code nft -j list table FAMILY netagent} prints for a table holding these objects: metainfo, table, objects with handles. */
  static String listing(NftFamily family, List<ObjectNode> objects, Consumer<ArrayNode> edit) {
    ArrayNode items = NftRuleset.JSON.createArrayNode();
    items.addObject().putObject("metainfo").put("version", "1.0.6").put("json_schema_version", 1);
    items.addObject().putObject("table").put("family", family.name).put("name", "netagent").put("handle", 1);
    int handle = 2;
    for (ObjectNode o : objects) {
      ObjectNode copy = o.deepCopy();
      ((ObjectNode) copy.elements().next()).put("handle", handle++);
      items.add(copy);
    }
    edit.accept(items);
    ObjectNode root = NftRuleset.JSON.createObjectNode();
    root.set("nftables", items);
    return root.toString();
  }

  private static String listing(List<ObjectNode> objects, Consumer<ArrayNode> edit) {
    return listing(NftFamily.IP, objects, edit);
  }

  private static String listing(NatRuleset ruleset) {
    return listing(objects(ruleset), items -> {});
  }

  /** The objects of the ip table. */
  private static List<ObjectNode> objects(NatRuleset ruleset) {
    return NftTable.objects(FamilyPart.of(NftFamily.IP, ruleset));
  }

  /** The ruleset of an ip table listing alone (no ip6 table). */
  private static NatRuleset parse(String listing) {
    return NftListing.parse(Optional.of(listing), Optional.empty());
  }

  @Test
  void aListingOfTheRenderedTableReadsBackAsTheSameRuleset() {
    assertThat(parse(listing(RULESET))).isEqualTo(RULESET);
    NatRuleset empty = new NatRuleset(List.of(), List.of());
    assertThat(parse(listing(empty))).isEqualTo(empty);
  }

  @Test
  void mapElementsListedInAnotherOrderReadTheSame() {
    String reordered = listing(objects(RULESET), items -> items.forEach(item -> {
      JsonNode elements = item.path("map").path("elem");
      if (elements.isArray() && elements.size() > 1) {
        List<JsonNode> list = new java.util.ArrayList<>();
        elements.forEach(list::add);
        Collections.reverse(list);
        ArrayNode replaced = ((ObjectNode) item.get("map")).putArray("elem");
        list.forEach(replaced::add);
      }
    }));

    assertThat(parse(reordered)).isEqualTo(RULESET);
  }

  @Test
  void aRuleAddedByHandIsUnrecognized() {
    String edited = listing(objects(RULESET), items -> {
      ObjectNode rule = items.addObject().putObject("rule").put("family", "ip").put("table", "netagent").put("chain", "forward").put("handle", 99);
      rule.putArray("expr").addObject().putNull("drop");
    });

    NatRuleset parsed = parse(edited);

    assertThat(parsed.unrecognized()).containsExactly("not netagent's rule in chain forward (no comment)");
    assertThat(parsed).isNotEqualTo(RULESET);
  }

  @Test
  void aRuleRemovedOrChangedByHandIsUnrecognized() {
    List<ObjectNode> objects = new java.util.ArrayList<>(objects(RULESET));
    objects.removeIf(o -> o.path("rule").path("comment").asText().equals("netagent:guard nbr0"));
    ObjectNode forward = objects.stream().filter(o -> o.path("rule").path("comment").asText().startsWith("netagent:forward-out nbr1"))
        .findFirst().orElseThrow();
    ((ObjectNode) forward.get("rule").get("expr").get(1)).removeAll().putNull("drop");

    List<String> unrecognized = parse(listing(objects, items -> {})).unrecognized();

    assertThat(unrecognized).contains("missing rule in chain guard \"netagent:guard nbr0\"",
        "not netagent's rule in chain forward \"netagent:forward-out nbr1 10.89.0.0/24\"");
  }

  @Test
  void anElementInOnlyOneMapOfAPairIsUnrecognized() {
    String edited = listing(objects(RULESET), items -> items.forEach(item -> {
      if (item.path("map").path("name").asText().equals("any_port")) {
        ((ObjectNode) item.get("map")).remove("elem");
      }
    }));

    NatRuleset parsed = parse(edited);

    assertThat(parsed.unrecognized()).anyMatch(u -> u.startsWith("map element ") && u.contains("any_addr and _port"));
    assertThat(parsed.mappings()).extracting(PortMapping::hostPort).containsExactly(8443);
  }

  @Test
  void theReplaceTransactionAddsDeletesAndDefinesTheTableInOneDocument() throws Exception {
    JsonNode commands = NftRuleset.JSON.readTree(NftRuleset.replace(RULESET)).get("nftables");

    assertThat(commands.get(0).has("metainfo")).isTrue();
    assertThat(commands.get(1).toString()).isEqualTo("{\"add\":{\"table\":{\"family\":\"ip\",\"name\":\"netagent\"}}}");
    assertThat(commands.get(2).toString()).isEqualTo("{\"delete\":{\"table\":{\"family\":\"ip\",\"name\":\"netagent\"}}}");
    assertThat(commands.get(3).toString()).isEqualTo("{\"add\":{\"table\":{\"family\":\"ip\",\"name\":\"netagent\"}}}");
    assertThat(commands.size()).as("the ip table, then the ip6 table added and deleted").isEqualTo(4 + objects(RULESET).size() + 2);
  }

  @Test
  void protocolsListedAsNumbersReadTheSame() {
    String numeric = listing(objects(RULESET), items -> items.forEach(item -> {
      JsonNode elements = item.path("map").path("elem");
      int at = item.path("map").path("type").toString().contains("ipv4_addr") ? 1 : 0;
      elements.forEach(e -> {
        ArrayNode key = (ArrayNode) e.get(0).get("concat");
        key.set(at, NftRuleset.JSON.getNodeFactory().numberNode(key.get(at).asText().equals("tcp") ? 6 : 17));
      });
    }));

    assertThat(parse(numeric)).isEqualTo(RULESET);
  }

  /** The listing the kernel gives of a counting set: each element with its counter, protocols as numbers. */
  private static void withCounters(ArrayNode items, long packets, long bytes) {
    items.forEach(item -> {
      JsonNode set = item.path("set");
      if (set.path("name").asText().endsWith("_count") && set.path("elem").isArray()) {
        int at = set.path("type").toString().contains("ipv4_addr") ? 1 : 0;
        ArrayNode listed = NftRuleset.JSON.createArrayNode();
        set.path("elem").forEach(key -> {
          ObjectNode val = key.deepCopy();
          ((ArrayNode) val.get("concat")).set(at, NftRuleset.JSON.getNodeFactory().numberNode(key.get("concat").get(at).asText().equals("tcp") ? 6 : 17));
          ObjectNode element = listed.addObject().putObject("elem");
          element.set("val", val);
          element.putObject("counter").put("packets", packets).put("bytes", bytes);
        });
        ((ObjectNode) set).set("elem", listed);
      }
    });
  }

  @Test
  void countersInTheListingAreNotDrift() {
    assertThat(parse(listing(objects(RULESET), items -> withCounters(items, 5, 640)))).isEqualTo(RULESET);
  }

  @Test
  void aPortMissingFromItsCountingSetIsDrift() {
    String edited = listing(objects(RULESET), items -> items.forEach(item -> {
      if (item.path("set").path("name").asText().equals("any_count")) {
        ((ArrayNode) item.get("set").get("elem")).remove(0);
      }
    }));

    assertThat(parse(edited).unrecognized()).containsExactly("missing set any_count", "not netagent's set any_count");
  }

  @Test
  void countersAreReadPerPortAndATableThatIsNotThereHasNone() {
    List<PortTraffic> counted = NftListing.counters(command -> {
      if (command.contains("\"ip6\"")) {
        throw new NftablesException("Error: No such file or directory\nlist set ip6 netagent any_count");
      }
      String set = command.contains("\"bound_count\"") ? "bound_count" : "any_count";
      return listing(objects(RULESET).stream().filter(o -> o.path("set").path("name").asText().equals(set)).toList(),
          items -> withCounters(items, 5, 640));
    });

    assertThat(counted).containsExactlyInAnyOrder(new PortTraffic(IpFamily.IPV4, Protocol.TCP, Optional.empty(), 8080, 5, 640),
        new PortTraffic(IpFamily.IPV4, Protocol.UDP, Optional.empty(), 5353, 5, 640),
        new PortTraffic(IpFamily.IPV4, Protocol.TCP, Optional.of(Ipv4Address.parse("127.0.0.1")), 8443, 5, 640));
  }

  @Test
  void ruleCommentsAreKeyedByTableAndHandleAndATableThatIsNotThereHasNone() {
    Map<String, Map<Long, String>> comments = NftListing.ruleComments(command -> {
      if (command.contains("\"ip6\"")) {
        throw new NftablesException("Error: No such file or directory\nlist table ip6 netagent");
      }
      return listing(objects(RULESET), items -> {
        long handle = 1;
        for (JsonNode item : items) {
          if (item.has("rule")) {
            ((ObjectNode) item.get("rule")).put("handle", handle++);
          }
        }
      });
    });

    assertThat(comments).containsOnlyKeys("ip netagent", "ip6 netagent");
    assertThat(comments.get("ip6 netagent")).isEmpty();
    long rules = objects(RULESET).stream().filter(o -> o.has("rule")).count();
    long commented = objects(RULESET).stream().filter(o -> o.path("rule").has("comment")).count();
    assertThat(commented).as("the ruleset has commented rules").isPositive();
    assertThat(comments.get("ip netagent")).hasSize((int) commented).containsEntry(rules, objects(RULESET).stream()
        .filter(o -> o.has("rule")).reduce((a, b) -> b).orElseThrow().path("rule").path("comment").asText());
  }
}
