package io.netagent.kernel.nft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netagent.kernel.nft.FamilyPart.Mapping;
import io.netagent.kernel.nft.FamilyPart.Nat;
import io.netagent.kernel.nft.FamilyPart.Net;
import io.netagent.kernel.nft.NftTable.CountSet;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Protocol;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.PortTraffic;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Reads netagent's tables back from {@code nft -j list table ip netagent} and {@code ... ip6
 * netagent} output. The ruleset is guessed from the rule comments and the map elements, rendered
 * again with {@link NftRuleset}, and compared object by object with the listings: whatever
 * differs (a rule edited, added or removed by hand, an element in one map of a pair only, a table
 * missing or left over) is named in {@link NatRuleset#unrecognized()}, so the tables count as
 * drifted and are replaced.
 */
public final class NftListing {
  private NftListing() {}

  /**
   * Lists both tables through {@code run} (one libnftables command buffer in, its output back)
   * and reads them; empty when neither exists. Two buffers: a buffer listing a table that does
   * not exist fails whole, and an IPv4-only ruleset has no {@code ip6} table.
   */
  public static Optional<NatRuleset> read(UnaryOperator<String> run) {
    Map<NftFamily, Optional<String>> listings = new EnumMap<>(NftFamily.class);
    for (NftFamily family : NftFamily.values()) {
      try {
        listings.put(family, Optional.of(run.apply(NftRuleset.list(family))));
      } catch (NftablesException e) {
        if (!NftErrors.isNoSuchTable(e.getMessage())) {
          throw e;
        }
        listings.put(family, Optional.empty());
      }
    }
    if (listings.values().stream().allMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return Optional.of(parse(listings.get(NftFamily.IP), listings.get(NftFamily.IP6)));
  }

  /**
   * netagent's rule comments by rule handle, through {@code run}, keyed {@code "FAMILY TABLE"}
   * ({@code "ip netagent"}, {@code "ip6 netagent"}) as a trace event names a rule's table; a table
   * that does not exist has none.
   */
  public static Map<String, Map<Long, String>> ruleComments(UnaryOperator<String> run) {
    Map<String, Map<Long, String>> comments = new HashMap<>();
    for (NftFamily family : NftFamily.values()) {
      Map<Long, String> byHandle = new HashMap<>();
      try {
        for (JsonNode item : tree(run.apply(NftRuleset.list(family))).path("nftables")) {
          JsonNode rule = item.path("rule");
          if (rule.has("handle") && rule.has("comment")) {
            byHandle.put(rule.get("handle").asLong(), rule.get("comment").asText());
          }
        }
      } catch (NftablesException e) {
        if (!NftErrors.isNoSuchTable(e.getMessage())) {
          throw e;
        }
      }
      comments.put(family.name + " " + NftTable.NAME, byHandle);
    }
    return comments;
  }

  /**
   * The counters of both tables' counting sets through {@code run}, one per published port and
   * family; none for a table (or counting set) that does not exist. Read apart from the ruleset:
   * their values change with every packet, the ruleset only when someone changes it. One buffer
   * per set: nftables 1.0.6 fills its cache for the first list command of a buffer only, so a
   * second {@code list set} in the same buffer fails with ENOENT (docs/kernel-facts.md §5.7).
   */
  public static List<PortTraffic> counters(UnaryOperator<String> run) {
    List<PortTraffic> counted = new ArrayList<>();
    for (NftFamily family : NftFamily.values()) {
      for (CountSet set : CountSet.values()) {
        String listing;
        try {
          listing = run.apply(NftRuleset.listCounters(family, set));
        } catch (NftablesException e) {
          if (!NftErrors.isNoSuchTable(e.getMessage())) {
            throw e;
          }
          continue;
        }
        for (JsonNode item : tree(listing).path("nftables")) {
          for (JsonNode element : item.path("set").path("elem")) {
            counter(family, set.bound, element.path("elem")).ifPresent(counted::add);
          }
        }
      }
    }
    return counted;
  }

  private static Optional<PortTraffic> counter(NftFamily family, boolean bound, JsonNode element) {
    JsonNode key = element.path("val").path("concat");
    JsonNode counter = element.path("counter");
    int at = bound ? 1 : 0;
    if (key.size() != at + 2 || !counter.isObject()) {
      return Optional.empty();
    }
    try {
      JsonNode protocol = key.get(at);
      Protocol p = protocol.isNumber() ? protocol(protocol.asInt()).orElseThrow() : Protocol.parse(protocol.asText());
      Optional<IpAddress> hostIp = bound ? Optional.of(family.address(key.get(0).asText())) : Optional.empty();
      return Optional.of(new PortTraffic(family == NftFamily.IP ? IpFamily.IPV4 : IpFamily.IPV6, p, hostIp, key.get(at + 1).asInt(),
          counter.path("packets").asLong(), counter.path("bytes").asLong()));
    } catch (RuntimeException malformed) {
      // Not an element netagent wrote; the ruleset's comparison reports it.
      return Optional.empty();
    }
  }

  /** The ruleset of the two tables' listings, each empty when that table does not exist. */
  public static NatRuleset parse(Optional<String> ipListing, Optional<String> ip6Listing) {
    Map<NftFamily, Optional<String>> listings = Map.of(NftFamily.IP, ipListing, NftFamily.IP6, ip6Listing);
    Map<NftFamily, List<ObjectNode>> listed = new EnumMap<>(NftFamily.class);
    Map<NftFamily, FamilyPart> parts = new EnumMap<>(NftFamily.class);
    List<String> unrecognized = new ArrayList<>();
    for (NftFamily family : NftFamily.values()) {
      List<ObjectNode> objects = listings.get(family).map(NftListing::objects).orElse(List.of());
      listed.put(family, objects);
      parts.put(family, guess(family, objects, unrecognized));
    }
    NatRuleset guess = FamilyPart.join(parts.get(NftFamily.IP), parts.get(NftFamily.IP6), List.of());
    for (NftFamily family : NftFamily.values()) {
      boolean rendered = family == NftFamily.IP || guess.hasIpv6();
      String table = "table " + family.name + " " + NftTable.NAME;
      if (rendered && listings.get(family).isEmpty()) {
        unrecognized.add("missing " + table);
        continue;
      }
      if (!rendered && listings.get(family).isPresent() && listed.get(family).isEmpty()) {
        unrecognized.add("not netagent's " + table + ", empty");
      }
      List<ObjectNode> expected = rendered ? NftTable.objects(FamilyPart.of(family, guess)) : List.of();
      String where = family == NftFamily.IP ? "" : table + ": ";
      differences(expected, listed.get(family)).forEach(d -> unrecognized.add(where + d));
    }
    return new NatRuleset(guess.networks(), guess.mappings(), guess.networks6(), guess.mappings6(), unrecognized);
  }

  /** One table's networks and mappings, guessed from its rule comments and map elements. */
  private static FamilyPart guess(NftFamily family, List<ObjectNode> objects, List<String> unrecognized) {
    Map<InterfaceName, Net> networks = new TreeMap<>();
    Map<String, JsonNode> maps = new HashMap<>();
    List<String> comments = objects.stream().filter(o -> o.has("rule")).map(o -> o.get("rule").path("comment").asText("")).toList();
    for (ObjectNode o : objects) {
      if (o.has("map")) {
        maps.put(o.get("map").path("name").asText(), o.get("map"));
      }
    }
    comments.forEach(comment -> network(family, comment, comments, networks));
    List<Mapping> mappings = new ArrayList<>();
    String where = family == NftFamily.IP ? "" : "table " + family.name + " " + NftTable.NAME + ": ";
    mappings(family, maps.get("any_addr"), maps.get("any_port"), false, mappings, where, unrecognized);
    mappings(family, maps.get("bound_addr"), maps.get("bound_port"), true, mappings, where, unrecognized);
    return new FamilyPart(family, new ArrayList<>(networks.values()), mappings);
  }

  /** The maps, chains and rules listed, without the handles nft adds and with map elements in a fixed order. */
  private static List<ObjectNode> objects(String listing) {
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode item : tree(listing).path("nftables")) {
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

  private static JsonNode tree(String listing) {
    try {
      return NftRuleset.JSON.readTree(listing);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("libnftables listed the table as something that is not JSON", e);
    }
  }

  /**
   * Map and set elements with protocols by name and in a fixed order, and IPv6 addresses in the
   * form netagent writes them, so that two listings of the same table compare equal. netagent's
   * listings give an inet_proto as a number (Nftables sets NFT_CTX_OUTPUT_NUMERIC_PROTO); by
   * default libnftables prints its /etc/protocols name. libnftables prints an IPv6 address as
   * inet_ntop does, which differs from RFC 5952 for ::/96 ({@code ::1.2.3.4}, §11E E4).
   */
  private static ObjectNode canonical(ObjectNode object) {
    JsonNode body = object.elements().hasNext() ? object.elements().next() : NftRuleset.JSON.nullNode();
    if (body.path("family").asText().equals(NftFamily.IP6.name)) {
      ipv6Addresses(object);
    }
    if (object.path("set").path("elem").isArray()) {
      ObjectNode set = (ObjectNode) object.get("set");
      // A counting set lists each element with its counter: the key alone is what netagent wrote.
      ArrayNode keys = NftRuleset.JSON.createArrayNode();
      set.get("elem").forEach(e -> keys.add(e.path("elem").has("val") ? e.get("elem").get("val") : e));
      set.set("elem", keys);
      keys.forEach(key -> protocolName(set, key));
      sortElements(set);
    }
    JsonNode elements = object.path("map").path("elem");
    if (elements.isArray()) {
      elements.forEach(element -> protocolName((ObjectNode) object.get("map"), element.path(0)));
      sortElements((ObjectNode) object.get("map"));
    }
    return object;
  }

  /** Names the protocol of a concatenated key of {@code mapOrSet} given as a number. */
  private static void protocolName(ObjectNode mapOrSet, JsonNode element) {
    int protocolAt = mapOrSet.path("type").path(0).asText().endsWith("_addr") ? 1 : 0;
    JsonNode key = element.path("concat");
    if (key.isArray() && key.size() > protocolAt && key.get(protocolAt).isNumber()) {
      protocolName(key.get(protocolAt).asInt()).ifPresent(name -> ((ArrayNode) key).set(protocolAt, name));
    }
  }

  /** Rewrites every text that is an IPv6 address (names and comments never hold a colon without a space) to RFC 5952. */
  private static void ipv6Addresses(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        canonicalAddress(field.getValue()).ifPresentOrElse(text -> field.setValue(text), () -> ipv6Addresses(field.getValue()));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        int at = i;
        canonicalAddress(node.get(i)).ifPresentOrElse(text -> ((ArrayNode) node).set(at, text), () -> ipv6Addresses(node.get(at)));
      }
    }
  }

  private static Optional<TextNode> canonicalAddress(JsonNode node) {
    if (!node.isTextual() || node.asText().indexOf(':') < 0 || node.asText().indexOf(' ') >= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(TextNode.valueOf(Ipv6Address.parse(node.asText()).toString()));
    } catch (RuntimeException notAnAddress) {
      return Optional.empty();
    }
  }

  private static void sortElements(ObjectNode mapOrSet) {
    List<JsonNode> sorted = new ArrayList<>();
    mapOrSet.path("elem").forEach(sorted::add);
    sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
    ArrayNode replaced = mapOrSet.putArray("elem");
    sorted.forEach(replaced::add);
  }

  /** A network's part of the table, from the comment of one of its rules and whether an isolation rule names its bridge. */
  private static void network(NftFamily family, String comment, List<String> comments, Map<InterfaceName, Net> networks) {
    if (!comment.startsWith(NftTable.COMMENT_PREFIX)) {
      return;
    }
    String[] words = comment.substring(NftTable.COMMENT_PREFIX.length()).split(" ");
    try {
      if (words.length >= 3 && List.of("hairpin", "masquerade", "snat").contains(words[0])) {
        InterfaceName bridge = InterfaceName.of(words[1]);
        Net known = networks.get(bridge);
        Nat nat = known != null ? known.nat() : Nat.NONE;
        Optional<IpAddress> snatTo = known != null ? known.snatTo() : Optional.empty();
        if (words[0].equals("masquerade")) {
          nat = Nat.MASQUERADE;
        } else if (words[0].equals("snat") && words.length == 4) {
          nat = Nat.SNAT;
          snatTo = Optional.of(family.address(words[3]));
        }
        boolean isolated = comments.contains(NftTable.COMMENT_PREFIX + "isolate " + bridge + " from");
        networks.put(bridge, new Net(bridge, family.subnet(words[2]), nat, snatTo, isolated));
      }
    } catch (RuntimeException malformed) {
      // A comment netagent did not write; the comparison reports the rule.
    }
  }

  /** The mappings of an address map and its port map; a key in only one of them is reported. */
  private static void mappings(NftFamily family, JsonNode addrMap, JsonNode portMap, boolean bound, List<Mapping> out, String where,
      List<String> unrecognized) {
    Map<String, JsonNode[]> byKey = new LinkedHashMap<>();
    if (addrMap != null) {
      addrMap.path("elem").forEach(e -> byKey.computeIfAbsent(e.get(0).toString(), k -> new JsonNode[2])[0] = e);
    }
    if (portMap != null) {
      portMap.path("elem").forEach(e -> byKey.computeIfAbsent(e.get(0).toString(), k -> new JsonNode[2])[1] = e);
    }
    byKey.forEach((key, pair) -> {
      Optional<Mapping> mapping = pair[0] == null || pair[1] == null ? Optional.empty() : mapping(family, pair[0], pair[1], bound);
      if (mapping.isPresent()) {
        out.add(mapping.get());
      } else {
        unrecognized.add(where + "map element " + key + " is not in both " + (bound ? "bound" : "any") + "_addr and _port, or is malformed");
      }
    });
  }

  private static Optional<String> protocolName(int number) {
    return protocol(number).map(Protocol::toString);
  }

  private static Optional<Protocol> protocol(int number) {
    for (Protocol p : Protocol.values()) {
      if (p.number() == number) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }


  private static Optional<Mapping> mapping(NftFamily family, JsonNode addr, JsonNode port, boolean bound) {
    try {
      JsonNode key = addr.get(0).get("concat");
      int at = bound ? 1 : 0;
      Optional<IpAddress> hostIp = bound ? Optional.of(family.address(key.get(0).asText())) : Optional.empty();
      return Optional.of(new Mapping(Protocol.parse(key.get(at).asText()), key.get(at + 1).asInt(), hostIp, family.address(addr.get(1).asText()),
          port.get(1).asInt()));
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
