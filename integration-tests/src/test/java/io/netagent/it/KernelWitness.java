package io.netagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a lab's kernel holds, read from outside with {@code ip -j} and {@code nft -j} (never
 * with netagent's own reading): the checks the daemon tests share.
 */
final class KernelWitness {
  /** netagent's link group (IFLA_GROUP), 0x4e4147. */
  static final int GROUP = 0x4e4147;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lab lab;

  KernelWitness(Lab lab) {
    this.lab = lab;
  }

  /** {@code ip -j -n NS link show dev NAME}, or null when there is no such link. */
  JsonNode link(String ns, String name) {
    Processes.Result r = Sh.run("ip", "-j", "-n", ns, "link", "show", "dev", name);
    if (r.code() != 0) {
      return null;
    }
    JsonNode links = Lab.json(r.out());
    return links.size() == 1 ? links.get(0) : null;
  }

  /** The names of the links in a namespace. */
  List<String> linkNames(String ns) {
    List<String> names = new ArrayList<>();
    lab.ip(ns, "link", "show").forEach(l -> names.add(l.path("ifname").asText()));
    return names;
  }

  /** Links netagent marks as its own in the lab's host namespace: its group, or an alias starting with netagent:. */
  List<String> ownedLinks() {
    List<String> names = new ArrayList<>();
    for (JsonNode l : lab.ip(lab.host, "link", "show")) {
      String group = l.path("group").asText();
      if (group.equals(String.valueOf(GROUP)) || group.equalsIgnoreCase("0x" + Integer.toHexString(GROUP))
          || l.path("ifalias").asText().startsWith("netagent:")) {
        names.add(l.path("ifname").asText());
      }
    }
    return names;
  }

  /** The IPv4 addresses (a.b.c.d/n) on a link, empty when it is missing. */
  List<String> addresses(String ns, String dev) {
    Processes.Result r = Sh.run("ip", "-j", "-4", "-n", ns, "addr", "show", "dev", dev);
    List<String> result = new ArrayList<>();
    if (r.code() == 0) {
      for (JsonNode l : Lab.json(r.out())) {
        l.path("addr_info").forEach(a -> result.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt()));
      }
    }
    return result;
  }

  /** The permanent neighbour entries of the lab's host namespace, as {@code IP DEV MAC}. */
  List<String> permanentNeighbours() {
    List<String> result = new ArrayList<>();
    for (JsonNode n : lab.ip(lab.host, "neigh", "show", "nud", "permanent")) {
      result.add(n.path("dst").asText() + " " + n.path("dev").asText() + " " + n.path("lladdr").asText());
    }
    return result;
  }

  /** {@code nft -j list table ip netagent} in the lab's host namespace without the handles (which change when the table is made again), or null. */
  JsonNode natTable() {
    Processes.Result r = lab.in(lab.host, "nft", "-j", "list", "table", "ip", "netagent");
    if (r.code() != 0) {
      return null;
    }
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode o : Lab.json(r.out()).path("nftables")) {
      if (!o.has("metainfo")) {
        objects.add(withoutHandles(o.deepCopy()));
      }
    }
    return JSON.valueToTree(objects);
  }

  /**
   * Every element of every map of {@code table ip netagent}, as {@code MAP KEY -> VALUE} with the
   * key's parts joined by spaces (e.g. {@code any_addr tcp 8080 -> 10.88.0.2}); empty when the
   * table is missing.
   */
  List<String> natMapElements() {
    List<String> result = new ArrayList<>();
    JsonNode table = natTable();
    if (table == null) {
      return result;
    }
    for (JsonNode o : table) {
      JsonNode map = o.path("map");
      for (JsonNode elem : map.path("elem")) {
        result.add(map.path("name").asText() + " " + flat(elem.get(0)) + " -> " + flat(elem.get(1)));
      }
    }
    return result;
  }

  private static String flat(JsonNode value) {
    if (value.has("concat")) {
      List<String> parts = new ArrayList<>();
      value.path("concat").forEach(p -> parts.add(p.asText()));
      return String.join(" ", parts);
    }
    return value.asText();
  }

  private static JsonNode withoutHandles(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("handle");
      o.forEach(KernelWitness::withoutHandles);
    } else if (node.isArray()) {
      node.forEach(KernelWitness::withoutHandles);
    }
    return node;
  }
}
