package io.netagent.kernel.nft;

import static io.netagent.kernel.nft.NftRuleset.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.kernel.nft.FamilyPart.Mapping;
import io.netagent.kernel.nft.FamilyPart.Nat;
import io.netagent.kernel.nft.FamilyPart.Net;
import io.netagent.model.IpSubnet;
import io.netagent.model.Ipv4Subnet;
import io.netagent.observed.Ownership;
import java.util.ArrayList;
import java.util.List;

/**
 * The maps, sets, chains and rules of one of netagent's tables, each as
 * {"map"|"set"|"chain"|"rule": {...}} the way nft lists them (less handles): the shape of
 * {@link NftRuleset}, rendered for either family from one code path (docs/kernel-facts.md §5.4,
 * §11E).
 */
final class NftTable {
  static final String NAME = Ownership.NAT_TABLE;
  static final String COMMENT_PREFIX = Ownership.ALIAS_PREFIX;
  static final String BRIDGES = "bridges";
  private static final Ipv4Subnet LOOPBACK = Ipv4Subnet.parse("127.0.0.0/8");
  /** The counting chains' priority: after conntrack (-200) and netagent's guard (-150), before DNAT (-100). */
  private static final int COUNT_PRIORITY = -110;

  private NftTable() {}

  /** The four maps: to the container's address and port, for ports on every address or bound to one. */
  enum MapKind {
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

    boolean holds(Mapping m) {
      return m.hostIp().isPresent() == bound;
    }

    JsonNode value(Mapping m) {
      return toAddress ? JSON.getNodeFactory().textNode(m.containerIp().toString()) : JSON.getNodeFactory().numberNode(m.containerPort());
    }
  }

  /**
   * The two counting sets, keyed like the maps of the same kind, each element with its own
   * counter: the packets and bytes sent to each published port (docs/kernel-facts.md §5.7).
   */
  enum CountSet {
    ANY("any_count", false),
    BOUND("bound_count", true);

    final String name;
    final boolean bound;

    CountSet(String name, boolean bound) {
      this.name = name;
      this.bound = bound;
    }

    boolean holds(Mapping m) {
      return m.hostIp().isPresent() == bound;
    }
  }

  /** A map element's key: {@code [host address .] protocol . port}. */
  static ObjectNode key(Mapping m) {
    ObjectNode key = JSON.createObjectNode();
    ArrayNode parts = key.putArray("concat");
    m.hostIp().ifPresent(ip -> parts.add(ip.toString()));
    parts.add(m.protocol().toString()).add(m.hostPort());
    return key;
  }

  static ObjectNode table(NftFamily family) {
    return JSON.createObjectNode().put("family", family.name).put("name", NAME);
  }

  static List<ObjectNode> objects(FamilyPart part) {
    NftFamily family = part.family();
    List<ObjectNode> objects = new ArrayList<>();
    for (MapKind kind : MapKind.values()) {
      objects.add(map(family, kind, part.mappings().stream().filter(kind::holds).toList()));
    }
    for (CountSet set : CountSet.values()) {
      objects.add(countSet(family, set, part.mappings().stream().filter(set::holds).toList()));
    }
    objects.add(bridges(family, part.networks()));
    if (family.publishesLoopback()) {
      objects.add(baseChain(family, "guard", "filter", "prerouting", -150));
    }
    objects.add(baseChain(family, "prerouting", "nat", "prerouting", -100));
    objects.add(baseChain(family, "output", "nat", "output", -100));
    objects.add(chain(family, "portmap"));
    objects.add(baseChain(family, "postrouting", "nat", "postrouting", 100));
    objects.add(baseChain(family, "count_in", "filter", "prerouting", COUNT_PRIORITY));
    objects.add(baseChain(family, "count_out", "filter", "output", COUNT_PRIORITY));
    objects.add(baseChain(family, "forward", "filter", "forward", -10));
    if (family.publishesLoopback()) {
      for (Net n : part.networks()) {
        objects.add(rule(family, "guard", "guard " + n.bridge(), match("==", meta("iifname"), text(n.bridge().value())),
            match("==", payload(family, "daddr"), prefix(LOOPBACK)), verdict("drop")));
      }
    }
    objects.add(rule(family, "prerouting", "published", match("==", fibDaddrType(), text("local")), jump("portmap")));
    if (family.publishesLoopback()) {
      objects.add(rule(family, "output", "published", match("==", fibDaddrType(), text("local")), jump("portmap")));
    } else {
      // A connection DNATed from ::1 to a container is dropped on its way back (§11F): ::1 stays the host's.
      objects.add(rule(family, "output", "published", match("!=", payload(family, "daddr"), text("::1")),
          match("==", fibDaddrType(), text("local")), jump("portmap")));
    }
    objects.add(rule(family, "portmap", "bound", dnat(concat(payload(family, "daddr"), meta("l4proto"), payload("th", "dport")), "bound")));
    objects.add(rule(family, "portmap", "any", dnat(concat(meta("l4proto"), payload("th", "dport")), "any")));
    for (Net n : part.networks()) {
      String bridge = n.bridge().value();
      String where = bridge + " " + n.subnet();
      if (n.nat() == Nat.MASQUERADE) {
        objects.add(rule(family, "postrouting", "masquerade " + where, outward(family, n), verdict("masquerade")));
      } else if (n.nat() == Nat.SNAT) {
        ObjectNode to = JSON.createObjectNode();
        to.putObject("snat").put("addr", n.snatTo().orElseThrow().toString());
        objects.add(rule(family, "postrouting", "snat " + where + " " + n.snatTo().get(), outward(family, n), to));
      }
      objects.add(rule(family, "postrouting", "hairpin " + where, match("==", meta("oifname"), text(bridge)),
          match("in", ct("status"), text("dnat")), match("==", payload(family, "saddr"), prefix(n.subnet())), verdict("masquerade")));
      if (family.publishesLoopback()) {
        objects.add(rule(family, "postrouting", "localhost " + bridge, match("==", meta("oifname"), text(bridge)),
            match("in", ct("status"), text("dnat")), match("==", payload(family, "saddr"), prefix(LOOPBACK)), verdict("masquerade")));
      }
    }
    counting(family, "count_in", new JsonNode[0], objects);
    // As in the output chain: ::1 is never DNATed (§11F), so nothing sent to it is counted.
    counting(family, "count_out", family.publishesLoopback() ? new JsonNode[0]
        : new JsonNode[] {match("!=", payload(family, "daddr"), text("::1"))}, objects);
    objects.add(rule(family, "forward", "published", match("in", ct("status"), text("dnat")), verdict("accept")));
    for (Net n : part.networks()) {
      if (n.isolated()) {
        String bridge = n.bridge().value();
        objects.add(rule(family, "forward", "isolate " + bridge + " from", match("==", meta("iifname"), text(bridge)),
            match("==", meta("oifname"), text("@" + BRIDGES)), match("!=", meta("oifname"), text(bridge)), verdict("drop")));
        objects.add(rule(family, "forward", "isolate " + bridge + " to", match("==", meta("oifname"), text(bridge)),
            match("==", meta("iifname"), text("@" + BRIDGES)), match("!=", meta("iifname"), text(bridge)), verdict("drop")));
      }
    }
    for (Net n : part.networks()) {
      String where = n.bridge().value() + " " + n.subnet();
      objects.add(rule(family, "forward", "forward-out " + where, match("==", payload(family, "saddr"), prefix(n.subnet())), verdict("accept")));
      objects.add(rule(family, "forward", "forward-in " + where, match("==", payload(family, "daddr"), prefix(n.subnet())), verdict("accept")));
    }
    return objects;
  }

  /**
   * The counting rules of one hook, run just before the DNAT they mirror ({@link #COUNT_PRIORITY}):
   * a packet of the original direction, of a new connection or of one DNATed, to a local address,
   * whose key is in a counting set, adds to that element's counter. The key is the one the maps
   * are looked up with, so a port's counter sees exactly the packets its mapping forwards (less
   * those another table drops first), and each lookup is one hash, like the DNAT's.
   * {@code ct status ! dnat} is a bit test; {@code !=} would compare the whole status word.
   */
  private static void counting(NftFamily family, String chain, JsonNode[] first, List<ObjectNode> objects) {
    objects.add(rule(family, chain, "count: not replies", match("==", ct("direction"), text("reply")), verdict("return")));
    objects.add(rule(family, chain, "count: only new or DNATed connections", match("!=", ct("state"), text("new")),
        match("!", ct("status"), text("dnat")), verdict("return")));
    objects.add(rule(family, chain, "count bound", first, match("==", fibDaddrType(), text("local")),
        match("==", concat(payload(family, "daddr"), meta("l4proto"), payload("th", "dport")), text("@" + CountSet.BOUND.name)),
        verdict("return")));
    objects.add(rule(family, chain, "count any", first, match("==", fibDaddrType(), text("local")),
        match("==", concat(meta("l4proto"), payload("th", "dport")), text("@" + CountSet.ANY.name))));
  }

  /** From the subnet, to outside it, leaving by any interface but the network's bridge. */
  private static JsonNode[] outward(NftFamily family, Net n) {
    return new JsonNode[] {match("==", payload(family, "saddr"), prefix(n.subnet())), match("!=", payload(family, "daddr"), prefix(n.subnet())),
        match("!=", meta("oifname"), text(n.bridge().value()))};
  }

  /** A map's or set's name and key type: {@code [address .] protocol . port}, as {@link #key} makes them. */
  private static ObjectNode keyedBy(NftFamily family, String name, boolean bound) {
    ObjectNode object = JSON.createObjectNode().put("family", family.name).put("name", name).put("table", NAME);
    ArrayNode type = object.putArray("type");
    if (bound) {
      type.add(family.addressType);
    }
    type.add("inet_proto").add("inet_service");
    return object;
  }

  private static ObjectNode map(NftFamily family, MapKind kind, List<Mapping> mappings) {
    ObjectNode map = keyedBy(family, kind.name, kind.bound);
    map.put("map", kind.toAddress ? family.addressType : "inet_service");
    if (!mappings.isEmpty()) {
      ArrayNode elements = map.putArray("elem");
      mappings.forEach(m -> elements.addArray().add(key(m)).add(kind.value(m)));
    }
    return wrap("map", map);
  }

  private static ObjectNode countSet(NftFamily family, CountSet kind, List<Mapping> mappings) {
    ObjectNode set = keyedBy(family, kind.name, kind.bound);
    if (!mappings.isEmpty()) {
      ArrayNode elements = set.putArray("elem");
      mappings.forEach(m -> elements.add(key(m)));
    }
    // A counter on every element, as the set's declaration says ("counter;" in nft syntax).
    set.putArray("stmt").addObject().putNull("counter");
    return wrap("set", set);
  }

  /** The set of every network's bridge, which the isolation rules look packets' interfaces up in. */
  private static ObjectNode bridges(NftFamily family, List<Net> networks) {
    ObjectNode set = JSON.createObjectNode().put("family", family.name).put("name", BRIDGES).put("table", NAME).put("type", "ifname");
    if (!networks.isEmpty()) {
      ArrayNode elements = set.putArray("elem");
      networks.forEach(n -> elements.add(n.bridge().value()));
    }
    return wrap("set", set);
  }

  private static ObjectNode chain(NftFamily family, String name) {
    return wrap("chain", JSON.createObjectNode().put("family", family.name).put("table", NAME).put("name", name));
  }

  private static ObjectNode baseChain(NftFamily family, String name, String type, String hook, int priority) {
    ObjectNode chain = (ObjectNode) chain(family, name).get("chain");
    chain.put("type", type).put("hook", hook).put("prio", priority).put("policy", "accept");
    return wrap("chain", chain);
  }

  private static ObjectNode rule(NftFamily family, String chain, String what, JsonNode... expressions) {
    return rule(family, chain, what, new JsonNode[0], expressions);
  }

  private static ObjectNode rule(NftFamily family, String chain, String what, JsonNode[] first, JsonNode... rest) {
    ObjectNode rule = JSON.createObjectNode().put("family", family.name).put("table", NAME).put("chain", chain).put("comment", COMMENT_PREFIX + what);
    ArrayNode expr = rule.putArray("expr");
    for (JsonNode e : first) {
      expr.add(e);
    }
    for (JsonNode e : rest) {
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

  private static JsonNode payload(NftFamily family, String field) {
    return payload(family.name, field);
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

  private static JsonNode prefix(IpSubnet subnet) {
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
