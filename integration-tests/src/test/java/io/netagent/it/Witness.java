package io.netagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kernel of a lab as an outside witness sees it: {@code ip -j} and {@code nft -j}, never
 * netagent's own reading. Lookups answer null or an empty list for what is not there, so that
 * tests can poll until something appears or goes.
 */
final class Witness {
  /** netagent's link group (IFLA_GROUP), 0x4e4147. */
  static final int GROUP = 0x4e4147;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lab lab;

  Witness(Lab lab) {
    this.lab = lab;
  }

  /** {@code ip -j -n NS link show dev NAME}, or null when there is no such link (or no such namespace). */
  JsonNode link(String ns, String name) {
    Processes.Result r = Sh.run("ip", "-j", "-n", ns, "link", "show", "dev", name);
    if (r.code() != 0) {
      return null;
    }
    JsonNode links = Lab.json(r.out());
    return links.size() == 1 ? links.get(0) : null;
  }

  /** The names of every link in a namespace. */
  List<String> linkNames(String ns) {
    List<String> names = new ArrayList<>();
    lab.ip(ns, "link", "show").forEach(l -> names.add(l.path("ifname").asText()));
    return names;
  }

  /** The names of the ports of a bridge in the lab's host namespace ({@code ip link show master BRIDGE}). */
  List<String> bridgePorts(String bridge) {
    List<String> names = new ArrayList<>();
    lab.ip(lab.host, "link", "show", "master", bridge).forEach(l -> names.add(l.path("ifname").asText()));
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

  /** The IPv4 addresses (a.b.c.d/n) on a link, empty when it (or its namespace) is missing. */
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

  /** The destinations (IPv4) of the permanent neighbour entries on a link of the lab's host namespace. */
  List<String> permanentNeighbours(String dev) {
    List<String> result = new ArrayList<>();
    lab.ip(lab.host, "-4", "neigh", "show", "dev", dev, "nud", "permanent").forEach(n -> result.add(n.path("dst").asText()));
    return result;
  }

  /** The permanent neighbour entries of the lab's host namespace, as {@code IP DEV MAC}. */
  List<String> permanentNeighbourEntries() {
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
    JsonNode json = Lab.json(r.out());
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode o : json.path("nftables")) {
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

  /**
   * A container wired as netagent wires it: the host end of its veth pair on the bridge, up, with
   * its alias; eth0 in its namespace, up, with exactly its address and a default route via the
   * gateway; both ends at {@code mtu}.
   *
   * @param cidr the container's address with the subnet's prefix length, as {@code ip} shows it
   */
  record Wiring(String bridge, String hostInterface, String alias, String ns, String cidr, String gateway, int mtu) {}

  /** What differs between the kernel and {@code w} (empty when it is as wired), cheapest checks first. */
  List<String> wiringProblems(Wiring w) {
    List<String> problems = new ArrayList<>();
    JsonNode host = link(lab.host, w.hostInterface());
    if (host == null) {
      return List.of("host end " + w.hostInterface() + " missing");
    }
    if (!host.path("master").asText().equals(w.bridge())) {
      problems.add("host end master " + host.path("master").asText());
    }
    if (host.path("mtu").asInt() != w.mtu()) {
      problems.add("host end mtu " + host.path("mtu").asInt());
    }
    if (!host.path("flags").toString().contains("\"UP\"")) {
      problems.add("host end down");
    }
    if (!host.path("ifalias").asText().equals(w.alias())) {
      problems.add("host end alias " + host.path("ifalias").asText());
    }
    JsonNode eth0 = link(w.ns(), "eth0");
    if (eth0 == null) {
      problems.add("eth0 missing in " + w.ns());
      return problems;
    }
    if (eth0.path("mtu").asInt() != w.mtu()) {
      problems.add("eth0 mtu " + eth0.path("mtu").asInt());
    }
    if (!eth0.path("flags").toString().contains("\"UP\"")) {
      problems.add("eth0 down");
    }
    List<String> addrs = addresses(w.ns(), "eth0");
    if (!addrs.equals(List.of(w.cidr()))) {
      problems.add("eth0 addresses " + addrs);
    }
    JsonNode routes = lab.ip(w.ns(), "route", "show", "default");
    if (routes.size() != 1 || !routes.get(0).path("gateway").asText().equals(w.gateway()) || !routes.get(0).path("dev").asText().equals("eth0")) {
      problems.add("default routes " + routes);
    }
    return problems;
  }

  /**
   * Polls the kernel until {@code problems} is empty, up to {@link DaemonProcess#BOUND} (a
   * generous bound against hangs, not a timing); returns the milliseconds since {@code t0}.
   */
  static long awaitKernel(long t0, String what, Supplier<List<String>> problems) throws InterruptedException {
    long deadline = t0 + DaemonProcess.BOUND.toNanos();
    List<String> last;
    do {
      last = problems.get();
      if (last.isEmpty()) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      Thread.sleep(2);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": not within " + DaemonProcess.BOUND.toSeconds() + " s; still " + last);
  }

  private static JsonNode withoutHandles(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("handle");
      o.forEach(Witness::withoutHandles);
    } else if (node.isArray()) {
      node.forEach(Witness::withoutHandles);
    }
    return node;
  }
}
