package io.netagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.Reconciler;
import io.netagent.testing.DualStackConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphDotTest {
  private final FakeKernel kernel = new FakeKernel();
  /** The policy status and graph plan with: a conflict blocks only its owner. */
  private final Reconciler reconciler = new Reconciler(kernel, PlanPolicy.daemon(true));
  private final DesiredState dual = DualStackConfigs.load(DualStackConfigs.DUAL);

  private String graph(DesiredState desired) {
    return GraphDot.render(desired, StatusReport.of(desired, reconciler.plan(desired)), "test.yaml");
  }

  @Test
  void onAnEmptyKernelEveryObjectIsMissingAndSaysWhy() {
    assertThat(graph(dual)).isEqualTo("""
        digraph "netagent" {
          graph [label="test.yaml" labelloc="t" rankdir="LR" fontname="Helvetica"];
          node [shape="box" fontname="Helvetica"];
          edge [fontname="Helvetica"];
          subgraph "cluster_default" {
            label="network default";
            "network default" [shape="box" label="bridge nbr0\\ngateway 10.88.0.1, subnet 10.88.0.0/16\\nNAT: masquerade\\ngateway6 fd00:88::1, subnet6 fd00:88::/64\\nNAT6: masquerade\\nisolated\\n(missing)" color="orange" style="dashed" tooltip="+ bridge nbr0 (address 02:42:e3:43:13:7a, mtu 1500)  (missing)\\n~ sysctl net.ipv6.conf.nbr0.disable_ipv6: set 0  (net.ipv6.conf.nbr0.disable_ipv6 was unknown, wants 0)\\n~ sysctl net.ipv6.conf.nbr0.accept_ra: set 0  (net.ipv6.conf.nbr0.accept_ra was unknown, wants 0)\\n+ address 10.88.0.1/16 on nbr0  (missing)\\n+ address fd00:88::1/64 on nbr0  (missing)\\n~ link nbr0: set up  (state was down, wants up)\\n~ sysctl net.ipv6.conf.nbr0.proxy_ndp: set 1  (net.ipv6.conf.nbr0.proxy_ndp was unknown, wants 1)\\n~ sysctl net.ipv6.neigh.nbr0.proxy_delay: set 0  (net.ipv6.neigh.nbr0.proxy_delay was unknown, wants 0)\\n~ sysctl net.ipv4.conf.nbr0.route_localnet: set 1  (net.ipv4.conf.nbr0.route_localnet was 0, wants 1)"];
            "container web" [shape="box" label="container web\\nnamespace web, interface eth0\\nip 10.88.0.2/16\\nip6 fd00:88::2/64\\nMAC 02:42:82:b3:ad:e8\\n(missing)" color="orange" style="dashed" tooltip="+ namespace web  (missing)\\n+ veth pair veth-web ↔ web/eth0 (mtu 1500)  (missing)\\n~ sysctl net.ipv6.conf.eth0.disable_ipv6 in web: set 0  (missing)\\n~ sysctl net.ipv6.conf.eth0.accept_ra in web: set 0  (missing)\\n+ address 10.88.0.2/16 on web/eth0  (missing)\\n+ address fd00:88::2/64 on web/eth0  (missing)\\n~ link veth-web: set up  (state was down, wants up)\\n~ link web/eth0: set up  (state was down, wants up)\\n~ link veth-web: attach to nbr0  (master was none, wants nbr0)\\n~ bridge port veth-web: set proxy_arp on, hairpin on  (port options was proxy_arp off, hairpin off, wants proxy_arp on, hairpin on)\\n+ route default via 10.88.0.1 dev eth0 in web  (missing)\\n+ route default via fd00:88::1 dev eth0 in web  (missing)\\n+ neighbour 10.88.0.2 → 02:42:82:b3:ad:e8 on nbr0  (missing)\\n+ neighbour fd00:88::2 → 02:42:82:b3:ad:e8 on nbr0  (missing)\\n+ neighbour proxy fd00:88::2 on nbr0  (missing)\\n+ fdb entry 02:42:82:b3:ad:e8 behind veth-web  (missing)"];
            "container web" -> "network default" [label="veth-web" color="orange" style="dashed"];
          }
          "host settings" [shape="ellipse" label="host settings (forwarding)\\n(differs)" color="orange" style="dashed" tooltip="~ sysctl net.ipv4.ip_forward: set 1  (net.ipv4.ip_forward was 0, wants 1)\\n~ sysctl net.ipv6.conf.all.forwarding: set 1  (net.ipv6.conf.all.forwarding was 0, wants 1)"];
          "nat table" [shape="ellipse" label="nftables tables ip netagent and ip6 netagent\\n(missing)" color="orange" style="dashed" tooltip="+ nftables tables ip and ip6 netagent  (missing)\\n    + masquerade 10.88.0.0/16 leaving by any interface but nbr0, isolated\\n    + map tcp 8080 → 10.88.0.2:80\\n    + masquerade fd00:88::/64 leaving by any interface but nbr0, isolated\\n    + map tcp 8080 → [fd00:88::2]:80"];
          "host settings" -> "container web" [label="tcp 8080 → 10.88.0.2:80" color="orange" style="dashed"];
          "host settings" -> "container web" [label="tcp 8080 → [fd00:88::2]:80" color="orange" style="dashed"];
        }
        """);
  }

  @Test
  void onceAppliedNothingIsMarked() {
    reconciler.apply(dual, op -> {});

    assertThat(graph(dual)).isEqualTo("""
        digraph "netagent" {
          graph [label="test.yaml" labelloc="t" rankdir="LR" fontname="Helvetica"];
          node [shape="box" fontname="Helvetica"];
          edge [fontname="Helvetica"];
          subgraph "cluster_default" {
            label="network default";
            "network default" [shape="box" label="bridge nbr0\\ngateway 10.88.0.1, subnet 10.88.0.0/16\\nNAT: masquerade\\ngateway6 fd00:88::1, subnet6 fd00:88::/64\\nNAT6: masquerade\\nisolated"];
            "container web" [shape="box" label="container web\\nnamespace web, interface eth0\\nip 10.88.0.2/16\\nip6 fd00:88::2/64\\nMAC 02:42:82:b3:ad:e8"];
            "container web" -> "network default" [label="veth-web"];
          }
          "host settings" [shape="ellipse" label="host settings (forwarding)"];
          "nat table" [shape="ellipse" label="nftables tables ip netagent and ip6 netagent"];
          "host settings" -> "container web" [label="tcp 8080 → 10.88.0.2:80"];
          "host settings" -> "container web" [label="tcp 8080 → [fd00:88::2]:80"];
        }
        """);
  }

  @Test
  void aConflictIsRedOnItsOwnerOnly() {
    reconciler.apply(dual, op -> {});
    kernel.addDevice(NamespaceRef.HOST, InterfaceName.of("veth-db"), "dummy", MacAddress.parse("02:ff:00:00:00:01"), 1500);
    DesiredState withDb = DualStackConfigs.load(DualStackConfigs.DUAL + """
          - name: db
            network: default
            namespace: db
            createNamespace: true
            ip: 10.88.0.3
            ip6: "fd00:88::3"
        """);

    List<String> lines = graph(withDb).lines().toList();

    assertThat(lines).filteredOn(l -> l.startsWith("    \"container db\" ["))
        .singleElement().asString().contains("\\n(blocked)\"", "color=\"red\"", "\\n! link veth-db: already exists (dummy, alias none)");
    assertThat(lines).filteredOn(l -> l.startsWith("    \"container db\" -> ")).singleElement().asString().contains("color=\"red\"");
    assertThat(lines).filteredOn(l -> l.startsWith("    \"container web\"")).hasSize(2).noneMatch(l -> l.contains("color="));
  }

  @Test
  void networksAndContainersComeSortedByNameWhateverTheirDeclarationOrder() {
    DesiredState desired = DualStackConfigs.load("""
        networks:
          - { name: zeta, bridge: nbrz, subnet: 10.2.0.0/24, gateway: 10.2.0.1 }
          - { name: alpha, bridge: nbra, subnet6: "fd00:a::/64" }
        containers:
          - { name: web, network: zeta, namespace: web, ip: 10.2.0.3 }
          - { name: api, network: zeta, namespace: api, ip: 10.2.0.2 }
          - { name: six, network: alpha, namespace: six, ip6: "fd00:a::2" }
        """);

    String dot = graph(desired);

    assertThat(dot.lines().filter(l -> l.trim().startsWith("\"") && l.contains(" [shape=")).map(l -> l.substring(0, l.indexOf(" [shape=")).trim()))
        .containsExactly("\"network alpha\"", "\"container six\"", "\"network zeta\"", "\"container api\"", "\"container web\"",
            "\"host settings\"", "\"nat table\"");
    assertThat(graph(desired)).isEqualTo(dot);
  }

  @Test
  void quotesAndBackslashesAreEscapedSoAnyTextStaysOneDotString() {
    assertThat(GraphDot.quote("a \"b\" c\\N\nd")).isEqualTo("\"a \\\"b\\\" c\\\\N\\nd\"");
    assertThat(GraphDot.render(DesiredState.EMPTY, List.of(), "/etc/\"x\"\\y.yaml"))
        .contains("graph [label=\"/etc/\\\"x\\\"\\\\y.yaml\" ");
  }
}
