package io.netagent.kernel.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.PortMapping;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.Ownership;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders netagent's nftables table from a {@link NatRuleset}, as libnftables JSON (schema 1,
 * the forms nftables 1.0.6 accepts). Pure; the shape, in nft syntax:
 *
 * <pre>
 * table ip netagent {
 *   map any_addr   { type inet_proto . inet_service : ipv4_addr; }              # published on every address
 *   map any_port   { type inet_proto . inet_service : inet_service; }
 *   map bound_addr { type ipv4_addr . inet_proto . inet_service : ipv4_addr; }  # published on one host address
 *   map bound_port { type ipv4_addr . inet_proto . inet_service : inet_service; }
 *   chain guard       { type filter hook prerouting priority -150; iifname BR ip daddr 127.0.0.0/8 drop }
 *   chain prerouting  { type nat hook prerouting priority -100; fib daddr type local jump portmap }
 *   chain output      { type nat hook output priority -100; fib daddr type local jump portmap }
 *   chain portmap     { dnat to (daddr . l4proto . dport) via @bound_*; dnat to (l4proto . dport) via @any_* }
 *   chain postrouting { type nat hook postrouting priority 100;
 *                       ip saddr NET ip daddr != NET oifname != BR masquerade (or snat to IP)
 *                       oifname BR ct status dnat ip saddr NET masquerade          # hairpin
 *                       oifname BR ct status dnat ip saddr 127.0.0.0/8 masquerade  # via 127.0.0.1 }
 *   set bridges       { type ifname; elements = { every network's BR } }
 *   chain forward     { type filter hook forward priority -10;
 *                       ct status dnat accept                                      # published ports cross networks
 *                       iifname BR oifname @bridges oifname != BR drop             # for each isolated network
 *                       oifname BR iifname @bridges iifname != BR drop
 *                       ip saddr NET accept; ip daddr NET accept }
 * }
 * </pre>
 *
 * <p>Why two maps per kind: 1.0.6 cannot declare a map with concatenated data in JSON (fixed in
 * 1.1.0), so address and port are looked up separately with the same key; a lookup is a hash,
 * so the per-packet cost does not grow with the number of mappings. Every rule carries a comment
 * saying what it is, which is how {@link NftListing} reads a table back.
 *
 * <p>Isolation: traffic routed between two networks' bridges is dropped when either network is
 * isolated (both directions need their own rule: the other side may not be isolated), as
 * Docker's isolation chains drop it between bridge networks. A connection to a published port is
 * DNATed before it is routed, so {@code ct status dnat} lets a container reach another network's
 * published port through a host address, replies included (the status is the connection's).
 */
public final class NftRuleset {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String COMMENT_PREFIX = Ownership.ALIAS_PREFIX;
  private static final String TABLE = Ownership.NAT_TABLE;
  private static final Ipv4Subnet LOOPBACK = Ipv4Subnet.parse("127.0.0.0/8");
  static final String BRIDGES = "bridges";

  private NftRuleset() {}

  /** One transaction that replaces the table whether or not it exists (add, delete, define). */
  public static String replace(NatRuleset ruleset) {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("metainfo").put("json_schema_version", 1);
    commands.addObject().putObject("add").set("table", table());
    commands.addObject().putObject("delete").set("table", table());
    commands.addObject().putObject("add").set("table", table());
    for (ObjectNode object : objects(ruleset)) {
      commands.addObject().set("add", object);
    }
    return document(commands);
  }

  /**
   * One transaction that turns the table {@code before} into {@code after} when they differ only
   * in their maps' elements: deletes the elements that go or change, then adds the ones that come
   * or change. Fails whole (ENOENT) if the kernel's table is not {@code before} after all.
   */
  public static String updateMaps(NatRuleset before, NatRuleset after) {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("metainfo").put("json_schema_version", 1);
    Set<PortMapping> was = new HashSet<>(before.mappings());
    Set<PortMapping> will = new HashSet<>(after.mappings());
    List<PortMapping> gone = before.mappings().stream().filter(m -> !will.contains(m)).toList();
    List<PortMapping> come = after.mappings().stream().filter(m -> !was.contains(m)).toList();
    for (MapKind kind : MapKind.values()) {
      List<PortMapping> deleted = gone.stream().filter(kind::holds).toList();
      if (!deleted.isEmpty()) {
        ArrayNode elements = element(commands.addObject().putObject("delete"), kind.name);
        deleted.forEach(m -> elements.add(key(m)));
      }
    }
    for (MapKind kind : MapKind.values()) {
      List<PortMapping> added = come.stream().filter(kind::holds).toList();
      if (!added.isEmpty()) {
        ArrayNode elements = element(commands.addObject().putObject("add"), kind.name);
        added.forEach(m -> elements.addArray().add(key(m)).add(kind.value(m)));
      }
    }
    return document(commands);
  }

  /** The four maps: to the container's address and port, for ports on every address or bound to one. */
  private enum MapKind {
    ANY_ADDR("any_addr", false, true),
    ANY_PORT("any_port", false, false),
    BOUND_ADDR("bound_addr", true, true),
    BOUND_PORT("bound_port", true, false);

    final String name;
    final boolean bound;
    final boolean toAddress;

    MapKind(String name, boolean bound, boolean toAddress) {
      this.name = name;
      this.bound = bound;
      this.toAddress = toAddress;
    }

    boolean holds(PortMapping m) {
      return m.hostIp().isPresent() == bound;
    }

    JsonNode value(PortMapping m) {
      return toAddress ? JSON.getNodeFactory().textNode(m.containerIp().toString()) : JSON.getNodeFactory().numberNode(m.containerPort());
    }
  }

  private static ArrayNode element(ObjectNode verb, String map) {
    return verb.putObject("element").put("family", "ip").put("table", TABLE).put("name", map).putArray("elem");
  }

  /** A map element's key: {@code [host address .] protocol . port}. */
  private static ObjectNode key(PortMapping m) {
    ObjectNode key = JSON.createObjectNode();
    ArrayNode parts = key.putArray("concat");
    m.hostIp().ifPresent(ip -> parts.add(ip.toString()));
    parts.add(m.protocol().toString()).add(m.hostPort());
    return key;
  }

  /** Deletes the table; ENOENT ("No such file or directory") when there is none. */
  public static String delete() {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("delete").set("table", table());
    return document(commands);
  }

  /** Lists the table, as JSON. */
  public static String list() {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("list").set("table", table());
    return document(commands);
  }

  private static String document(ArrayNode commands) {
    ObjectNode root = JSON.createObjectNode();
    root.set("nftables", commands);
    return root.toString();
  }

  private static ObjectNode table() {
    return JSON.createObjectNode().put("family", "ip").put("name", TABLE);
  }

  /** The maps, chains and rules of the table, each as {"map"|"chain"|"rule": {...}}, as nft lists them (less handles). */
  static List<ObjectNode> objects(NatRuleset ruleset) {
    List<ObjectNode> objects = new ArrayList<>();
    for (MapKind kind : MapKind.values()) {
      objects.add(map(kind, ruleset.mappings().stream().filter(kind::holds).toList()));
    }
    objects.add(bridges(ruleset.networks()));
    objects.add(baseChain("guard", "filter", "prerouting", -150));
    objects.add(baseChain("prerouting", "nat", "prerouting", -100));
    objects.add(baseChain("output", "nat", "output", -100));
    objects.add(chain("portmap"));
    objects.add(baseChain("postrouting", "nat", "postrouting", 100));
    objects.add(baseChain("forward", "filter", "forward", -10));
    for (NatNetwork n : ruleset.networks()) {
      objects.add(rule("guard", "guard " + n.bridge(), match("==", meta("iifname"), text(n.bridge().value())),
          match("==", payload("ip", "daddr"), prefix(LOOPBACK)), verdict("drop")));
    }
    for (String chain : List.of("prerouting", "output")) {
      objects.add(rule(chain, "published", match("==", fibDaddrType(), text("local")), jump("portmap")));
    }
    objects.add(rule("portmap", "bound", dnat(concat(payload("ip", "daddr"), meta("l4proto"), payload("th", "dport")), "bound")));
    objects.add(rule("portmap", "any", dnat(concat(meta("l4proto"), payload("th", "dport")), "any")));
    for (NatNetwork n : ruleset.networks()) {
      String bridge = n.bridge().value();
      String where = bridge + " " + n.subnet();
      if (n.sourceNat() instanceof SourceNat.Masquerade) {
        objects.add(rule("postrouting", "masquerade " + where, outward(n)[0], outward(n)[1], outward(n)[2], verdict("masquerade")));
      } else if (n.sourceNat() instanceof SourceNat.SnatTo snat) {
        ObjectNode to = JSON.createObjectNode();
        to.putObject("snat").put("addr", snat.hostIp().toString());
        objects.add(rule("postrouting", "snat " + where + " " + snat.hostIp(), outward(n)[0], outward(n)[1], outward(n)[2], to));
      }
      objects.add(rule("postrouting", "hairpin " + where, match("==", meta("oifname"), text(bridge)),
          match("in", ct("status"), text("dnat")), match("==", payload("ip", "saddr"), prefix(n.subnet())), verdict("masquerade")));
      objects.add(rule("postrouting", "localhost " + bridge, match("==", meta("oifname"), text(bridge)),
          match("in", ct("status"), text("dnat")), match("==", payload("ip", "saddr"), prefix(LOOPBACK)), verdict("masquerade")));
    }
    objects.add(rule("forward", "published", match("in", ct("status"), text("dnat")), verdict("accept")));
    for (NatNetwork n : ruleset.networks()) {
      if (n.isolated()) {
        String bridge = n.bridge().value();
        objects.add(rule("forward", "isolate " + bridge + " from", match("==", meta("iifname"), text(bridge)),
            match("==", meta("oifname"), text("@" + BRIDGES)), match("!=", meta("oifname"), text(bridge)), verdict("drop")));
        objects.add(rule("forward", "isolate " + bridge + " to", match("==", meta("oifname"), text(bridge)),
            match("==", meta("iifname"), text("@" + BRIDGES)), match("!=", meta("iifname"), text(bridge)), verdict("drop")));
      }
    }
    for (NatNetwork n : ruleset.networks()) {
      String where = n.bridge().value() + " " + n.subnet();
      objects.add(rule("forward", "forward-out " + where, match("==", payload("ip", "saddr"), prefix(n.subnet())), verdict("accept")));
      objects.add(rule("forward", "forward-in " + where, match("==", payload("ip", "daddr"), prefix(n.subnet())), verdict("accept")));
    }
    return objects;
  }

  /** From the subnet, to outside it, leaving by any interface but the network's bridge. */
  private static JsonNode[] outward(NatNetwork n) {
    return new JsonNode[] {match("==", payload("ip", "saddr"), prefix(n.subnet())), match("!=", payload("ip", "daddr"), prefix(n.subnet())),
        match("!=", meta("oifname"), text(n.bridge().value()))};
  }

  private static ObjectNode map(MapKind kind, List<PortMapping> mappings) {
    ObjectNode map = JSON.createObjectNode().put("family", "ip").put("name", kind.name).put("table", TABLE);
    ArrayNode type = map.putArray("type");
    if (kind.bound) {
      type.add("ipv4_addr");
    }
    type.add("inet_proto").add("inet_service");
    map.put("map", kind.toAddress ? "ipv4_addr" : "inet_service");
    if (!mappings.isEmpty()) {
      ArrayNode elements = map.putArray("elem");
      mappings.forEach(m -> elements.addArray().add(key(m)).add(kind.value(m)));
    }
    return wrap("map", map);
  }

  /** The set of every network's bridge, which the isolation rules look packets' interfaces up in. */
  private static ObjectNode bridges(List<NatNetwork> networks) {
    ObjectNode set = JSON.createObjectNode().put("family", "ip").put("name", BRIDGES).put("table", TABLE).put("type", "ifname");
    if (!networks.isEmpty()) {
      ArrayNode elements = set.putArray("elem");
      networks.forEach(n -> elements.add(n.bridge().value()));
    }
    return wrap("set", set);
  }

  private static ObjectNode chain(String name) {
    return wrap("chain", JSON.createObjectNode().put("family", "ip").put("table", TABLE).put("name", name));
  }

  private static ObjectNode baseChain(String name, String type, String hook, int priority) {
    ObjectNode chain = (ObjectNode) chain(name).get("chain");
    chain.put("type", type).put("hook", hook).put("prio", priority).put("policy", "accept");
    return wrap("chain", chain);
  }

  private static ObjectNode rule(String chain, String what, JsonNode... expressions) {
    ObjectNode rule = JSON.createObjectNode().put("family", "ip").put("table", TABLE).put("chain", chain).put("comment", COMMENT_PREFIX + what);
    ArrayNode expr = rule.putArray("expr");
    for (JsonNode e : expressions) {
      expr.add(e);
    }
    return wrap("rule", rule);
  }

  private static ObjectNode wrap(String kind, ObjectNode body) {
    ObjectNode node = JSON.createObjectNode();
    node.set(kind, body);
    return node;
  }

  private static JsonNode match(String op, JsonNode left, JsonNode right) {
    ObjectNode match = JSON.createObjectNode();
    match.putObject("match").put("op", op).<ObjectNode>set("left", left).set("right", right);
    return match;
  }

  private static JsonNode meta(String key) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("meta").put("key", key);
    return node;
  }

  private static JsonNode ct(String key) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("ct").put("key", key);
    return node;
  }

  private static JsonNode payload(String protocol, String field) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("payload").put("protocol", protocol).put("field", field);
    return node;
  }

  private static JsonNode fibDaddrType() {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode fib = node.putObject("fib").put("result", "type");
    fib.putArray("flags").add("daddr");
    return node;
  }

  private static JsonNode prefix(Ipv4Subnet subnet) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("prefix").put("addr", subnet.network().toString()).put("len", subnet.prefixLength());
    return node;
  }

  private static JsonNode text(String value) {
    return JSON.getNodeFactory().textNode(value);
  }

  private static JsonNode verdict(String name) {
    ObjectNode node = JSON.createObjectNode();
    node.putNull(name);
    return node;
  }

  private static JsonNode jump(String target) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("jump").put("target", target);
    return node;
  }

  private static JsonNode concat(JsonNode... parts) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode list = node.putArray("concat");
    for (JsonNode p : parts) {
      list.add(p);
    }
    return node;
  }

  /** DNAT to the address and port the {@code prefix}_addr and {@code prefix}_port maps give for {@code key}. */
  private static JsonNode dnat(JsonNode key, String prefix) {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode dnat = node.putObject("dnat");
    dnat.putObject("addr").putObject("map").<ObjectNode>set("key", key).put("data", "@" + prefix + "_addr");
    dnat.putObject("port").putObject("map").<ObjectNode>set("key", key.deepCopy()).put("data", "@" + prefix + "_port");
    return node;
  }
}
