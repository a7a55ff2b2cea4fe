package io.netagent.kernel.nft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.NatRuleset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads netagent's table back from {@code nft -j list table ip netagent} output. The ruleset is
 * guessed from the rule comments and the map elements, rendered again with {@link NftRuleset},
 * and compared object by object with the listing: whatever differs (a rule edited, added or
 * removed by hand, an element in one map of a pair only) is named in
 * {@link NatRuleset#unrecognized()}, so the table counts as drifted and is replaced.
 */
public final class NftListing {
  private NftListing() {}

  public static NatRuleset parse(String listing) {
    List<ObjectNode> objects = objects(listing);
    Map<InterfaceName, NatNetwork> networks = new TreeMap<>();
    Map<String, JsonNode> maps = new HashMap<>();
    List<String> unrecognized = new ArrayList<>();
    List<String> comments = objects.stream().filter(o -> o.has("rule")).map(o -> o.get("rule").path("comment").asText("")).toList();
    for (ObjectNode o : objects) {
      if (o.has("map")) {
        maps.put(o.get("map").path("name").asText(), o.get("map"));
      }
    }
    comments.forEach(comment -> network(comment, comments, networks));
    List<PortMapping> mappings = new ArrayList<>();
    mappings(maps.get("any_addr"), maps.get("any_port"), false, mappings, unrecognized);
    mappings(maps.get("bound_addr"), maps.get("bound_port"), true, mappings, unrecognized);
    NatRuleset guess = new NatRuleset(new ArrayList<>(networks.values()), mappings);
    unrecognized.addAll(differences(NftRuleset.objects(guess), objects));
    return new NatRuleset(guess.networks(), guess.mappings(), List.of(), List.of(), unrecognized);
  }

  /** The maps, chains and rules listed, without the handles nft adds and with map elements in a fixed order. */
  private static List<ObjectNode> objects(String listing) {
    JsonNode root;
    try {
      root = NftRuleset.JSON.readTree(listing);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("libnftables listed the table as something that is not JSON", e);
    }
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode item : root.path("nftables")) {
      String kind = item.fieldNames().hasNext() ? item.fieldNames().next() : "";
      if (kind.equals("metainfo") || kind.equals("table")) {
        continue;
      }
      ObjectNode copy = (ObjectNode) item.deepCopy();
      ((ObjectNode) copy.get(kind)).remove("handle");
      objects.add(canonical(copy));
    }
    return objects;
  }

  /**
   * Map and set elements with protocols by name and in a fixed order, so that two listings of
   * the same map compare equal. netagent's listings give an inet_proto as a number (Nftables sets
   * NFT_CTX_OUTPUT_NUMERIC_PROTO); by default libnftables prints its /etc/protocols name.
   */
  private static ObjectNode canonical(ObjectNode object) {
    if (object.path("set").path("elem").isArray()) {
      sortElements((ObjectNode) object.get("set"));
    }
    JsonNode elements = object.path("map").path("elem");
    if (elements.isArray()) {
      int protocolAt = object.path("map").path("type").toString().contains("ipv4_addr") ? 1 : 0;
      for (JsonNode element : elements) {
        JsonNode key = element.path(0).path("concat");
        if (key.isArray() && key.size() > protocolAt && key.get(protocolAt).isNumber()) {
          protocolName(key.get(protocolAt).asInt()).ifPresent(name -> ((ArrayNode) key).set(protocolAt, name));
        }
      }
      sortElements((ObjectNode) object.get("map"));
    }
    return object;
  }

  private static void sortElements(ObjectNode mapOrSet) {
    List<JsonNode> sorted = new ArrayList<>();
    mapOrSet.path("elem").forEach(sorted::add);
    sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
    ArrayNode replaced = mapOrSet.putArray("elem");
    sorted.forEach(replaced::add);
  }

  /** A network's part of the table, from the comment of one of its rules and whether an isolation rule names its bridge. */
  private static void network(String comment, List<String> comments, Map<InterfaceName, NatNetwork> networks) {
    if (!comment.startsWith(NftRuleset.COMMENT_PREFIX)) {
      return;
    }
    String[] words = comment.substring(NftRuleset.COMMENT_PREFIX.length()).split(" ");
    try {
      if (words.length >= 3 && List.of("hairpin", "masquerade", "snat").contains(words[0])) {
        InterfaceName bridge = InterfaceName.of(words[1]);
        Ipv4Subnet subnet = Ipv4Subnet.parse(words[2]);
        SourceNat nat = networks.containsKey(bridge) ? networks.get(bridge).sourceNat() : new SourceNat.Disabled();
        if (words[0].equals("masquerade")) {
          nat = new SourceNat.Masquerade();
        } else if (words[0].equals("snat") && words.length == 4) {
          nat = new SourceNat.SnatTo(Ipv4Address.parse(words[3]));
        }
        boolean isolated = comments.contains(NftRuleset.COMMENT_PREFIX + "isolate " + bridge + " from");
        networks.put(bridge, new NatNetwork(bridge, subnet, nat, isolated));
      }
    } catch (RuntimeException malformed) {
      // A comment netagent did not write; the comparison below reports the rule.
    }
  }

  /** The mappings of an address map and its port map; a key in only one of them is reported. */
  private static void mappings(JsonNode addrMap, JsonNode portMap, boolean bound, List<PortMapping> out, List<String> unrecognized) {
    Map<String, JsonNode[]> byKey = new LinkedHashMap<>();
    if (addrMap != null) {
      addrMap.path("elem").forEach(e -> byKey.computeIfAbsent(e.get(0).toString(), k -> new JsonNode[2])[0] = e);
    }
    if (portMap != null) {
      portMap.path("elem").forEach(e -> byKey.computeIfAbsent(e.get(0).toString(), k -> new JsonNode[2])[1] = e);
    }
    byKey.forEach((key, pair) -> {
      Optional<PortMapping> mapping = pair[0] == null || pair[1] == null ? Optional.empty() : mapping(pair[0], pair[1], bound);
      if (mapping.isPresent()) {
        out.add(mapping.get());
      } else {
        unrecognized.add("map element " + key + " is not in both " + (bound ? "bound" : "any") + "_addr and _port, or is malformed");
      }
    });
  }

  private static Optional<String> protocolName(int number) {
    for (Protocol p : Protocol.values()) {
      if (p.number() == number) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static Optional<PortMapping> mapping(JsonNode addr, JsonNode port, boolean bound) {
    try {
      JsonNode key = addr.get(0).get("concat");
      int at = bound ? 1 : 0;
      Optional<Ipv4Address> hostIp = bound ? Optional.of(Ipv4Address.parse(key.get(0).asText())) : Optional.empty();
      return Optional.of(new PortMapping(key.get(at + 1).asInt(), port.get(1).asInt(), Protocol.parse(key.get(at).asText()),
          Ipv4Address.parse(addr.get(1).asText()), hostIp));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /** What the listing has that the rendering lacks, and the other way round; rules compared in chain order. */
  private static List<String> differences(List<ObjectNode> expected, List<ObjectNode> actual) {
    List<String> differences = new ArrayList<>();
    List<ObjectNode> missing = new ArrayList<>(expected.stream().map(NftListing::canonical).toList());
    List<ObjectNode> extra = new ArrayList<>();
    for (ObjectNode o : actual) {
      if (!missing.remove(o)) {
        extra.add(o);
      }
    }
    missing.forEach(o -> differences.add("missing " + describe(o)));
    extra.forEach(o -> differences.add("not netagent's " + describe(o)));
    if (differences.isEmpty() && !ruleOrder(expected).equals(ruleOrder(actual))) {
      differences.add("rules out of order");
    }
    return differences;
  }

  private static List<String> ruleOrder(List<ObjectNode> objects) {
    return objects.stream().filter(o -> o.has("rule")).map(o -> o.get("rule").path("chain").asText() + "/" + o.get("rule").path("comment").asText())
        .toList();
  }

  private static String describe(ObjectNode o) {
    String kind = o.fieldNames().next();
    JsonNode body = o.get(kind);
    if (kind.equals("rule")) {
      String comment = body.path("comment").asText("");
      return "rule in chain " + body.path("chain").asText() + (comment.isEmpty() ? " (no comment)" : " \"" + comment + "\"");
    }
    return kind + " " + body.path("name").asText();
  }
}
