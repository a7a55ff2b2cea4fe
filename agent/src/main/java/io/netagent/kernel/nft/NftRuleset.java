package io.netagent.kernel.nft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.kernel.nft.FamilyPart.Mapping;
import io.netagent.kernel.nft.NftTable.CountSet;
import io.netagent.kernel.nft.NftTable.MapKind;
import io.netagent.observed.NatRuleset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders netagent's nftables tables from a {@link NatRuleset}, as libnftables JSON (schema 1,
 * the forms nftables 1.0.6 accepts): {@code ip netagent}, and {@code ip6 netagent} when the
 * ruleset has an IPv6 part, its twin with IPv6 addresses (docs/kernel-facts.md §11E). Pure; the
 * shape, in nft syntax:
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
 *   chain count_in    { type filter hook prerouting priority -110;                # and count_out, hook output
 *                       ct direction reply return; ct state != new ct status ! dnat return
 *                       fib daddr type local ip daddr . meta l4proto . th dport @bound_count return
 *                       fib daddr type local meta l4proto . th dport @any_count }
 *   set any_count     { type inet_proto . inet_service; counter; }            # one counter per published port
 *   set bound_count   { type ipv4_addr . inet_proto . inet_service; counter; }
 *   set bridges       { type ifname; elements = { every network's BR } }
 *   chain forward     { type filter hook forward priority -10;
 *                       ct status dnat accept                                      # published ports cross networks
 *                       iifname BR oifname @bridges oifname != BR drop             # for each isolated network
 *                       oifname BR iifname @bridges iifname != BR drop
 *                       ip saddr NET accept; ip daddr NET accept }
 * }
 * </pre>
 *
 * <p>The {@code ip6} table has {@code ipv6_addr} and {@code ip6} in place of {@code ipv4_addr}
 * and {@code ip}, no guard chain and no localhost rule (IPv6 has no {@code route_localnet}), and
 * its output rule starts with {@code ip6 daddr != ::1} (§11F).
 *
 * <p>Why two maps per kind: 1.0.6 cannot declare a map with concatenated data in JSON (fixed in
 * 1.1.0), so address and port are looked up separately with the same key; a lookup is a hash,
 * so the per-packet cost does not grow with the number of mappings. Every rule carries a comment
 * saying what it is, which is how {@link NftListing} reads a table back.
 *
 * <p>Why counting sets: the NAT chains see only a connection's first packet, so the packets and
 * bytes of a published port are counted in filter chains that see every packet, just before the
 * DNAT, by one lookup of the same key in a set whose elements each carry a counter (the maps' own
 * elements could, but their lookup is in those NAT chains). Counter values are not part of the
 * ruleset: {@link NftListing} leaves them out when it compares, and reads them apart
 * ({@link NftListing#counters}).
 *
 * <p>Isolation: traffic routed between two networks' bridges is dropped when either network is
 * isolated (both directions need their own rule: the other side may not be isolated), as
 * Docker's isolation chains drop it between bridge networks. A connection to a published port is
 * DNATed before it is routed, so {@code ct status dnat} lets a container reach another network's
 * published port through a host address, replies included (the status is the connection's).
 *
 * <p>Both tables change in one buffer, one transaction: the generation moves by one (§11E E5).
 */
public final class NftRuleset {
  static final ObjectMapper JSON = new ObjectMapper();

  private NftRuleset() {}

  /**
   * One transaction that replaces the tables whether or not they exist (add, delete, define);
   * without an IPv6 part, an {@code ip6} table left from before is deleted.
   */
  public static String replace(NatRuleset ruleset) {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("metainfo").put("json_schema_version", 1);
    for (NftFamily family : NftFamily.values()) {
      boolean wanted = family == NftFamily.IP || ruleset.hasIpv6();
      commands.addObject().putObject("add").set("table", NftTable.table(family));
      commands.addObject().putObject("delete").set("table", NftTable.table(family));
      if (wanted) {
        commands.addObject().putObject("add").set("table", NftTable.table(family));
        for (ObjectNode object : NftTable.objects(FamilyPart.of(family, ruleset))) {
          commands.addObject().set("add", object);
        }
      }
    }
    return document(commands);
  }

  /**
   * One transaction that turns the tables {@code before} into {@code after} when they differ only
   * in their maps' elements (both with an IPv6 part or both without): deletes the elements that
   * go or change, then adds the ones that come or change. Fails whole (ENOENT) if the kernel's
   * tables are not {@code before} after all.
   */
  public static String updateMaps(NatRuleset before, NatRuleset after) {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("metainfo").put("json_schema_version", 1);
    for (NftFamily family : NftFamily.values()) {
      List<Mapping> was = FamilyPart.of(family, before).mappings();
      List<Mapping> will = FamilyPart.of(family, after).mappings();
      Set<Mapping> wasSet = new HashSet<>(was);
      Set<Mapping> willSet = new HashSet<>(will);
      List<Mapping> gone = was.stream().filter(m -> !willSet.contains(m)).toList();
      List<Mapping> come = will.stream().filter(m -> !wasSet.contains(m)).toList();
      for (MapKind kind : MapKind.values()) {
        List<Mapping> deleted = gone.stream().filter(kind::holds).toList();
        if (!deleted.isEmpty()) {
          ArrayNode elements = element(commands.addObject().putObject("delete"), family, kind.name);
          deleted.forEach(m -> elements.add(NftTable.key(m)));
        }
      }
      for (CountSet set : CountSet.values()) {
        List<Mapping> deleted = gone.stream().filter(set::holds).toList();
        if (!deleted.isEmpty()) {
          ArrayNode elements = element(commands.addObject().putObject("delete"), family, set.name);
          deleted.forEach(m -> elements.add(NftTable.key(m)));
        }
      }
      for (MapKind kind : MapKind.values()) {
        List<Mapping> added = come.stream().filter(kind::holds).toList();
        if (!added.isEmpty()) {
          ArrayNode elements = element(commands.addObject().putObject("add"), family, kind.name);
          added.forEach(m -> elements.addArray().add(NftTable.key(m)).add(kind.value(m)));
        }
      }
      for (CountSet set : CountSet.values()) {
        List<Mapping> added = come.stream().filter(set::holds).toList();
        if (!added.isEmpty()) {
          // Each new element gets a counter of its own from the set's declaration; the others keep theirs.
          ArrayNode elements = element(commands.addObject().putObject("add"), family, set.name);
          added.forEach(m -> elements.add(NftTable.key(m)));
        }
      }
    }
    return document(commands);
  }

  private static ArrayNode element(ObjectNode verb, NftFamily family, String map) {
    return verb.putObject("element").put("family", family.name).put("table", NftTable.NAME).put("name", map).putArray("elem");
  }

  /**
   * Deletes both tables; ENOENT ("No such file or directory") when there is no {@code ip} table,
   * the one every ruleset has. The {@code ip6} table goes whether or not it exists (add, delete).
   */
  public static String delete() {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("delete").set("table", NftTable.table(NftFamily.IP));
    commands.addObject().putObject("add").set("table", NftTable.table(NftFamily.IP6));
    commands.addObject().putObject("delete").set("table", NftTable.table(NftFamily.IP6));
    return document(commands);
  }

  /** Lists one of the tables, as JSON. */
  static String list(NftFamily family) {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("list").set("table", NftTable.table(family));
    return document(commands);
  }

  /** Lists one of a table's counting sets, each element with its counter, as JSON. */
  static String listCounters(NftFamily family, CountSet set) {
    ArrayNode commands = JSON.createArrayNode();
    commands.addObject().putObject("list").putObject("set").put("family", family.name).put("table", NftTable.NAME).put("name", set.name);
    return document(commands);
  }

  private static String document(ArrayNode commands) {
    ObjectNode root = JSON.createObjectNode();
    root.set("nftables", commands);
    return root.toString();
  }
}
