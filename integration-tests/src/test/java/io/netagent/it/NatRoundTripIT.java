package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.kernel.netlink.NetlinkKernel;
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
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Reason;
import io.netagent.operations.ReplaceNatTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What netagent renders into nftables it reads back exactly: each ruleset, applied through the
 * real adapter (libnftables in the lab's host namespace, in this JVM), is observed again as the
 * same ruleset, with nothing unrecognised; deleting the table leaves none. Each is read back by a
 * second kernel adapter: the one that wrote it would not list the table again while the nftables
 * generation shows no other commit (NftGeneration).
 */
@ExtendWith(LabExtension.class)
class NatRoundTripIT {
  private Lab lab;
  private Path stateDir;

  @BeforeEach
  void setUp() throws IOException {
    stateDir = Files.createTempDirectory("netagent-" + lab.id + "-state");
  }

  @AfterEach
  void tearDown() {
    Sh.run("rm", "-rf", stateDir.toString());
  }

  private static NatNetwork network(String bridge, String subnet, SourceNat nat) {
    return new NatNetwork(InterfaceName.of(bridge), Ipv4Subnet.parse(subnet), nat, true);
  }

  private static NatNetwork notIsolated(String bridge, String subnet, SourceNat nat) {
    return new NatNetwork(InterfaceName.of(bridge), Ipv4Subnet.parse(subnet), nat, false);
  }

  private static PortMapping map(int host, int container, Protocol protocol, String containerIp, String hostIp) {
    return new PortMapping(host, container, protocol, Ipv4Address.parse(containerIp), Optional.ofNullable(hostIp).map(Ipv4Address::parse));
  }

  /** The rulesets, by name, in the order they are applied (each replaces the one before). */
  private static Map<String, NatRuleset> rulesets() {
    Map<String, NatRuleset> r = new LinkedHashMap<>();
    r.put("empty", new NatRuleset(List.of(), List.of()));
    r.put("one masquerading network, no ports",
        new NatRuleset(List.of(network("nbr0", "10.88.0.0/16", new SourceNat.Masquerade())), List.of()));
    r.put("no network, ports only", new NatRuleset(List.of(),
        List.of(map(8080, 80, Protocol.TCP, "10.88.0.2", null), map(5353, 53, Protocol.UDP, "10.88.0.3", null))));
    r.put("one network with snat, every kind of port", new NatRuleset(
        List.of(network("br-lab.0", "172.20.4.0/22", new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.9")))),
        List.of(map(8080, 80, Protocol.TCP, "172.20.4.2", null), map(8080, 8080, Protocol.UDP, "172.20.4.3", null),
            map(1, 65535, Protocol.TCP, "172.20.4.4", "127.0.0.1"), map(65535, 1, Protocol.UDP, "172.20.4.4", "192.0.2.1"),
            map(443, 8443, Protocol.TCP, "172.20.7.254", "198.51.100.7"))));
    r.put("three networks: masquerade, snat, none; one not isolated", new NatRuleset(
        List.of(notIsolated("nbr2", "10.3.0.0/30", new SourceNat.Disabled()), network("nbr0", "10.1.0.0/24", new SourceNat.Masquerade()),
            network("nbr1", "10.2.0.0/16", new SourceNat.SnatTo(Ipv4Address.parse("203.0.113.200")))),
        List.of(map(80, 80, Protocol.TCP, "10.1.0.2", null), map(53, 53, Protocol.UDP, "10.2.0.2", "127.0.0.1"),
            map(2222, 22, Protocol.TCP, "10.3.0.2", "192.0.2.1"), map(2223, 22, Protocol.TCP, "10.3.0.2", "127.0.0.1"))));
    r.put("a routed network alone", new NatRuleset(List.of(network("nbr9", "10.9.0.0/24", new SourceNat.Disabled())),
        List.of(map(9000, 9000, Protocol.UDP, "10.9.0.9", null))));
    List<PortMapping> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add(map(20000 + i, 1000 + i, Protocol.TCP, "10.8." + (i / 200) + "." + (2 + i % 200), null));
      many.add(map(30000 + i, 53, Protocol.UDP, "10.8.1." + (2 + i), i % 3 == 0 ? "127.0.0.1" : i % 3 == 1 ? "192.0.2.1" : null));
    }
    r.put("two networks not isolated, 300 ports", new NatRuleset(List.of(notIsolated("nbr8", "10.8.0.0/16", new SourceNat.Masquerade()),
        notIsolated("nbr7", "10.7.0.0/24", new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.1")))), many));
    r.put("back to one network, one port", new NatRuleset(List.of(network("nbr0", "10.88.0.0/16", new SourceNat.Masquerade())),
        List.of(map(8080, 80, Protocol.TCP, "10.88.0.2", "127.0.0.1"))));
    return r;
  }

  @Test
  void everyRenderedRulesetIsReadBackAsItself() {
    try (NetlinkKernel kernel = open(); NetlinkKernel reader = open()) {
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).as("no table in a new namespace").isEmpty();
      rulesets().forEach((name, ruleset) -> {
        kernel.apply(new ReplaceNatTable(ruleset, List.of(), List.of(), Reason.MISSING));
        assertThat(reader.observe(Scope.whole(Set.of())).nat()).as("read back: %s", name).isEqualTo(Optional.of(ruleset));
        assertThat(kernel.observe(Scope.whole(Set.of())).nat()).as("as the writer remembers it: %s", name).isEqualTo(Optional.of(ruleset));

        // nft's own view agrees on the maps' sizes and the chains.
        JsonNode listing = lab.nft(lab.host, "list", "table", "ip", "netagent");
        long any = ruleset.mappings().stream().filter(m -> m.hostIp().isEmpty()).count();
        assertThat(elements(listing, "any_addr")).as("%s: any_addr elements", name).isEqualTo(any);
        assertThat(elements(listing, "any_port")).as("%s: any_port elements", name).isEqualTo(any);
        assertThat(elements(listing, "bound_addr")).as("%s: bound_addr elements", name).isEqualTo(ruleset.mappings().size() - any);
        assertThat(elements(listing, "bound_port")).as("%s: bound_port elements", name).isEqualTo(ruleset.mappings().size() - any);
        assertThat(elements(listing, "any_count")).as("%s: any_count elements", name).isEqualTo(any);
        assertThat(elements(listing, "bound_count")).as("%s: bound_count elements", name).isEqualTo(ruleset.mappings().size() - any);
        List<String> chains = new ArrayList<>();
        listing.path("nftables").forEach(i -> {
          if (i.has("chain")) {
            chains.add(i.path("chain").path("name").asText());
          }
        });
        assertThat(chains).as(name).containsExactlyInAnyOrder("guard", "prerouting", "output", "portmap", "postrouting", "count_in", "count_out",
            "forward");
      });

      NatRuleset last = new ArrayList<>(rulesets().values()).get(rulesets().size() - 1);
      kernel.apply(new DeleteNatTable(last.mappings(), Reason.UNDECLARED));
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).as("after DeleteNatTable").isEmpty();
      assertThat(kernel.observe(Scope.whole(Set.of())).nat()).as("after DeleteNatTable, as the writer remembers it").isEmpty();
      assertThat(lab.ok(lab.host, "nft", "list", "tables")).doesNotContain("netagent");
    }
  }

  /**
   * Only the ports differ: the transaction deletes and adds map elements, and the table is then
   * exactly the new ruleset. A table that is not the one the update expects is left as it was.
   */
  @Test
  void anUpdateOfThePortMapsLeavesExactlyTheNewRuleset() {
    NatRuleset before = rulesets().get("two networks not isolated, 300 ports");
    List<PortMapping> next = new ArrayList<>(before.mappings().subList(100, before.mappings().size()));
    for (int i = 0; i < 50; i++) {
      PortMapping m = next.remove(0);
      next.add(new PortMapping(m.hostPort(), m.containerPort() + 1, m.protocol(), Ipv4Address.parse("10.8.3." + (2 + i)), m.hostIp()));
    }
    for (int i = 0; i < 60; i++) {
      next.add(map(40000 + i, 80, Protocol.TCP, "10.8.4." + (2 + i), i % 2 == 0 ? null : "127.0.0.1"));
    }
    NatRuleset after = new NatRuleset(before.networks(), next);
    try (NetlinkKernel kernel = open(); NetlinkKernel reader = open()) {
      kernel.apply(new ReplaceNatTable(before, List.of(), List.of(), Reason.MISSING));
      kernel.apply(mapsOnly(before, after));
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).isEqualTo(Optional.of(after));

      // Expecting "before" again, the update meets elements that are gone: refused whole, nothing changed.
      assertThatThrownBy(() -> kernel.apply(mapsOnly(before, after)))
          .isInstanceOf(KernelException.class);
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).isEqualTo(Optional.of(after));
    }
  }

  private static ReplaceNatTable mapsOnly(NatRuleset before, NatRuleset after) {
    return new ReplaceNatTable(after, List.of(), List.of(), List.of(), Optional.of(before), Reason.MISSING);
  }

  private static NatNetwork6 network6(String bridge, String subnet, Ipv6SourceNat nat, boolean isolated) {
    return new NatNetwork6(InterfaceName.of(bridge), Ipv6Subnet.parse(subnet), nat, isolated);
  }

  private static Ipv6PortMapping map6(int host, int container, Protocol protocol, String containerIp, String hostIp) {
    return new Ipv6PortMapping(host, container, protocol, Ipv6Address.parse(containerIp), Optional.ofNullable(hostIp).map(Ipv6Address::parse));
  }

  /** Rulesets with an IPv6 part (and one without, last), by name, in the order they are applied. */
  private static Map<String, NatRuleset> rulesets6() {
    NatRuleset v4 = rulesets().get("three networks: masquerade, snat, none; one not isolated");
    List<NatNetwork6> networks6 = List.of(network6("nbr0", "fd00:1::/64", new Ipv6SourceNat.Masquerade(), true),
        network6("nbr1", "fd00:2:0:1::/64", new Ipv6SourceNat.SnatTo(Ipv6Address.parse("2001:db8:2::1")), true),
        network6("nbr2", "fd00:3::/120", new Ipv6SourceNat.Disabled(), false));
    List<Ipv6PortMapping> mappings6 = List.of(map6(80, 80, Protocol.TCP, "fd00:1::2", null), map6(53, 53, Protocol.UDP, "fd00:2:0:1::2", null),
        map6(2222, 22, Protocol.TCP, "fd00:3::2", "2001:db8:2::1"), map6(8081, 8081, Protocol.TCP, "fd00:1::11", "2001:db8:1::1"),
        // listed by libnftables as ::1.2.3.4 (docs/kernel-facts.md §11E E4)
        map6(9000, 90, Protocol.UDP, "::102:304", null));
    List<Ipv6PortMapping> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add(map6(20000 + i, 1000 + i, Protocol.TCP, "fd00:8::" + Integer.toHexString(2 + i), null));
      many.add(map6(30000 + i, 53, Protocol.UDP, "fd00:8::1:" + Integer.toHexString(2 + i), i % 2 == 0 ? "2001:db8:1::1" : null));
    }
    Map<String, NatRuleset> r = new LinkedHashMap<>();
    r.put("IPv4 only", v4);
    r.put("dual stack", new NatRuleset(v4.networks(), v4.mappings(), networks6, mappings6));
    r.put("IPv6 only", new NatRuleset(List.of(), List.of(), networks6, mappings6));
    r.put("IPv6 ports only", new NatRuleset(List.of(), List.of(), List.of(), mappings6));
    r.put("dual stack, 300 IPv6 ports", new NatRuleset(v4.networks(), v4.mappings(),
        List.of(network6("nbr8", "fd00:8::/64", new Ipv6SourceNat.Masquerade(), false)), many));
    r.put("back to IPv4 only", v4);
    return r;
  }

  /**
   * Both tables of each ruleset are read back as written, each replacement is one transaction
   * (the generation moves by exactly one), and a ruleset without IPv6 leaves no ip6 table.
   */
  @Test
  void everyRulesetWithIpv6IsReadBackAsItselfAndEachApplyIsOneGeneration() {
    try (NetlinkKernel kernel = open(); NetlinkKernel reader = open()) {
      rulesets6().forEach((name, ruleset) -> {
        long before = generation();
        kernel.apply(new ReplaceNatTable(ruleset, List.of(), List.of(), Reason.MISSING));
        assertThat(generation()).as("generation after applying %s", name).isEqualTo(before + 1);
        assertThat(reader.observe(Scope.whole(Set.of())).nat()).as("read back: %s", name).isEqualTo(Optional.of(ruleset));
        assertThat(kernel.observe(Scope.whole(Set.of())).nat()).as("as the writer remembers it: %s", name).isEqualTo(Optional.of(ruleset));
        String tables = lab.ok(lab.host, "nft", "list", "tables");
        assertThat(tables).as(name).contains("table ip netagent");
        if (ruleset.hasIpv6()) {
          assertThat(tables).as(name).contains("table ip6 netagent");
          JsonNode listing = lab.nft(lab.host, "list", "table", "ip6", "netagent");
          long any = ruleset.mappings6().stream().filter(m -> m.hostIp().isEmpty()).count();
          assertThat(elements(listing, "any_addr")).as("%s: ip6 any_addr elements", name).isEqualTo(any);
          assertThat(elements(listing, "bound_port")).as("%s: ip6 bound_port elements", name).isEqualTo(ruleset.mappings6().size() - any);
        } else {
          assertThat(tables).as("%s: the ip6 table is gone", name).doesNotContain("ip6");
        }
      });

      NatRuleset dual = rulesets6().get("dual stack");
      kernel.apply(new ReplaceNatTable(dual, List.of(), List.of(), Reason.MISSING));
      long before = generation();
      kernel.apply(new DeleteNatTable(dual.mappings(), dual.mappings6(), Reason.UNDECLARED));
      assertThat(generation()).as("generation after deleting both tables").isEqualTo(before + 1);
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).as("after DeleteNatTable").isEmpty();
      assertThat(lab.ok(lab.host, "nft", "list", "tables")).doesNotContain("netagent");
    }
  }

  /** A hand edit of the ip6 table is seen, and a replacement repairs it. */
  @Test
  void aHandEditOfTheIp6TableIsSeenAndRepaired() {
    NatRuleset dual = rulesets6().get("dual stack");
    try (NetlinkKernel kernel = open(); NetlinkKernel reader = open()) {
      kernel.apply(new ReplaceNatTable(dual, List.of(), List.of(), Reason.MISSING));
      lab.ok(lab.host, "nft", "add", "rule", "ip6", "netagent", "forward", "ip6", "saddr", "fd00:66::/64", "drop");

      NatRuleset seen = reader.observe(Scope.whole(Set.of())).nat().orElseThrow();
      assertThat(seen.unrecognized()).containsExactly("table ip6 netagent: not netagent's rule in chain forward (no comment)");
      assertThat(kernel.observe(Scope.whole(Set.of())).nat()).as("the writer sees the generation moved and lists again").contains(seen);

      kernel.apply(new ReplaceNatTable(dual, List.of(), List.of(), Reason.MISSING));
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).contains(dual);
    }
  }

  /** Only the ports of both families differ: one element update, then exactly the new ruleset; a stale update changes nothing. */
  @Test
  void anUpdateOfThePortMapsOfBothFamiliesLeavesExactlyTheNewRuleset() {
    NatRuleset before = rulesets6().get("dual stack, 300 IPv6 ports");
    List<Ipv6PortMapping> next = new ArrayList<>(before.mappings6().subList(100, before.mappings6().size()));
    for (int i = 0; i < 50; i++) {
      Ipv6PortMapping m = next.remove(0);
      next.add(new Ipv6PortMapping(m.hostPort(), m.containerPort() + 1, m.protocol(), Ipv6Address.parse("fd00:8::3:" + (2 + i)), m.hostIp()));
    }
    next.add(map6(40000, 80, Protocol.TCP, "fd00:8::4:2", "2001:db8:1::1"));
    NatRuleset after = new NatRuleset(before.networks(), before.mappings().subList(1, before.mappings().size()), before.networks6(), next);
    try (NetlinkKernel kernel = open(); NetlinkKernel reader = open()) {
      kernel.apply(new ReplaceNatTable(before, List.of(), List.of(), Reason.MISSING));
      long generation = generation();
      kernel.apply(mapsOnly(before, after));
      assertThat(generation()).isEqualTo(generation + 1);
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).isEqualTo(Optional.of(after));

      assertThatThrownBy(() -> kernel.apply(mapsOnly(before, after))).isInstanceOf(KernelException.class);
      assertThat(reader.observe(Scope.whole(Set.of())).nat()).isEqualTo(Optional.of(after));
    }
  }

  /** The host namespace's nftables generation (NFT_MSG_GETGEN, docs/kernel-facts.md §5.6), read from outside netagent. */
  private long generation() {
    String script = String.join("\n", "import socket, struct",
        "s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)", "s.bind((0, 0))",
        "s.send(struct.pack('=IHHII', 20, (10 << 8) | 16, 1, 1, 0) + struct.pack('=BBH', 0, 0, 0))", "d = s.recv(65536)",
        "length, = struct.unpack('=I', d[:4])", "off = 20", "while off < length:",
        "    alen, atype = struct.unpack('=HH', d[off:off + 4])",
        "    if atype & 0x7fff == 1: print(struct.unpack('>I', d[off + 4:off + 8])[0]); break",
        "    off += (alen + 3) & ~3");
    return Long.parseLong(lab.ok(lab.host, "python3", "-c", script).strip());
  }

  private NetlinkKernel open() {
    return NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host));
  }

  @Test
  void aRulesetAppliedToAnEmptyNamespaceIsReadBackByANewKernelToo() {
    NatRuleset ruleset = rulesets().get("three networks: masquerade, snat, none; one not isolated");
    try (NetlinkKernel kernel = NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host))) {
      kernel.apply(new ReplaceNatTable(ruleset, List.of(), List.of(), Reason.MISSING));
    }
    try (NetlinkKernel kernel = NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host))) {
      assertThat(kernel.observe(Scope.whole(Set.of())).nat()).isEqualTo(Optional.of(ruleset));
      kernel.apply(new DeleteNatTable(ruleset.mappings(), Reason.UNDECLARED));
      assertThat(kernel.observe(Scope.whole(Set.of())).nat()).isEmpty();
    }
  }

  /** The number of elements of the map or set named {@code name}. */
  private static long elements(JsonNode listing, String name) {
    for (JsonNode item : listing.path("nftables")) {
      JsonNode body = item.has("map") ? item.get("map") : item.path("set");
      if (body.path("name").asText().equals(name)) {
        return body.path("elem").size();
      }
    }
    throw new AssertionError("no map or set " + name + " in " + listing);
  }
}
