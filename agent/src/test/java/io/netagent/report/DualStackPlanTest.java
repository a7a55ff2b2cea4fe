package io.netagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.config.ConfigLoader;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6PortMapping;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Protocol;
import io.netagent.observed.Address;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.Neighbour;
import io.netagent.observed.Ownership;
import io.netagent.observed.ProxyNeighbour;
import io.netagent.observed.Route;
import io.netagent.observed.Sysctls;
import io.netagent.operations.Action;
import io.netagent.operations.AddAddress;
import io.netagent.operations.AddProxyNeighbour;
import io.netagent.operations.AddRoute;
import io.netagent.operations.NatChange;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveProxyNeighbour;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import io.netagent.plan.Owner;
import io.netagent.plan.Plan;
import io.netagent.plan.PlannedOperation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A plan's IPv6 operations as {@code plan} prints them and {@code plan -o json} writes them, from
 * operation records as the planner makes them for one dual-stack network {@code default} (bridge
 * {@code nbr0}, fd00:88::/64) with one container {@code web} (fd00:88::2) publishing tcp 8080.
 */
class DualStackPlanTest {
  private static final NamespaceRef WEB = new NamespaceRef.Named("web");
  private static final InterfaceName BRIDGE = InterfaceName.of("nbr0");
  private static final InterfaceName ETH0 = InterfaceName.of("eth0");
  private static final Ipv6Address GATEWAY6 = Ipv6Address.parse("fd00:88::1");
  private static final Ipv6Address WEB6 = Ipv6Address.parse("fd00:88::2");
  private static final String SLAAC = "forwarding is off, and host link eth1 takes router advertisements (accept_ra=1): switching"
      + " net.ipv6.conf.all.forwarding on deletes the default route it learnt; set its accept_ra to 2 first";

  private static Plan plan() {
    NatRuleset nat = new NatRuleset(List.of(), List.of(),
        List.of(new NatRuleset.NatNetwork6(BRIDGE, Ipv6Subnet.parse("fd00:88::/64"), new Ipv6SourceNat.Masquerade(), true)),
        List.of(new Ipv6PortMapping(8080, 80, Protocol.TCP, WEB6, Optional.empty())));
    Stream<PlannedOperation> network = Stream.<Operation>of(
        new SetSysctl(NamespaceRef.HOST, Sysctls.disableIpv6(BRIDGE), "0", Reason.differs("disable_ipv6", 1, 0)),
        new AddAddress(NamespaceRef.HOST, new Address(BRIDGE, new Ipv6Cidr(GATEWAY6, 64)), Reason.MISSING),
        new SetSysctl(NamespaceRef.HOST, Sysctls.proxyNdp(BRIDGE), "1", Reason.differs("proxy_ndp", 0, 1)))
        .map(op -> new PlannedOperation(op, Owner.network("default")));
    Stream<PlannedOperation> web = Stream.<Operation>of(
        new AddAddress(WEB, new Address(ETH0, new Ipv6Cidr(WEB6, 64)), Reason.MISSING),
        new AddRoute(WEB, Route.via(Ipv6Subnet.ANY, GATEWAY6, ETH0, Ownership.ROUTE_PROTOCOL), Reason.MISSING),
        new SetNeighbour(new Neighbour(BRIDGE, WEB6, MacAddress.parse("02:42:0a:58:00:02")), Reason.MISSING),
        new AddProxyNeighbour(new ProxyNeighbour(BRIDGE, WEB6), Reason.MISSING))
        .map(op -> new PlannedOperation(op, Owner.container("web")));
    Stream<PlannedOperation> rest = Stream.of(
        new PlannedOperation(new RemoveProxyNeighbour(new ProxyNeighbour(BRIDGE, Ipv6Address.parse("fd00:88::9")), Reason.UNDECLARED),
            Owner.UNDECLARED),
        new PlannedOperation(new SetSysctl(NamespaceRef.HOST, Sysctls.IPV6_FORWARDING, "1", Reason.differs("forwarding", 0, 1)), Owner.HOST),
        new PlannedOperation(new ReplaceNatTable(nat, List.of(new NatChange(Action.CREATE, "ip6: masquerade fd00:88::/64 leaving by any"
            + " interface but nbr0, isolated"), new NatChange(Action.CREATE, "ip6: tcp 8080 → [fd00:88::2]:80")), List.of(),
            Reason.differs("ip6 table", "absent", "present")), Owner.NAT_TABLE));
    return new Plan(Stream.of(network, web, rest).flatMap(s -> s).toList(), List.of(), List.of(), List.of(SLAAC));
  }

  @Test
  void theTextShowsEachIpv6OperationWithTheNatChangesAndTheWarning() {
    assertThat(PlanText.render(plan(), "dual.yaml", "the live kernel")).isEqualTo("""
        netagent plan: dual.yaml against the live kernel

        ~ sysctl net.ipv6.conf.nbr0.disable_ipv6: set 0  (disable_ipv6 was 1, wants 0)
        + address fd00:88::1/64 on nbr0  (missing)
        ~ sysctl net.ipv6.conf.nbr0.proxy_ndp: set 1  (proxy_ndp was 0, wants 1)
        + address fd00:88::2/64 on web/eth0  (missing)
        + route default via fd00:88::1 dev eth0 in web  (missing)
        + neighbour fd00:88::2 → 02:42:0a:58:00:02 on nbr0  (missing)
        + neighbour proxy fd00:88::2 on nbr0  (missing)
        - neighbour proxy fd00:88::9 on nbr0  (owned by netagent, not declared)
        ~ sysctl net.ipv6.conf.all.forwarding: set 1  (forwarding was 0, wants 1)
        ~ nftables tables ip and ip6 netagent: replace atomically  (ip6 table was absent, wants present)
            + ip6: masquerade fd00:88::/64 leaving by any interface but nbr0, isolated
            + ip6: tcp 8080 → [fd00:88::2]:80
        warning: %s

        Plan: 5 to create, 4 to change, 1 to delete.
        """.formatted(SLAAC));
  }

  @Test
  void theJsonHasEachIpv6OperationsTypeObjectAndCommandAndTheWarning() throws Exception {
    JsonNode root = new ObjectMapper().readTree(PlanJson.render(plan(), "dual.yaml", "the live kernel"));
    JsonNode ops = root.path("operations");

    assertThat(ops).hasSize(10);
    assertThat(ops.get(1)).hasToString("{\"index\":2,\"action\":\"create\",\"type\":\"add-address\",\"namespace\":\"host\","
        + "\"object\":\"address fd00:88::1/64 on nbr0\",\"reason\":{\"kind\":\"missing\",\"text\":\"missing\"},"
        + "\"command\":\"ip addr add fd00:88::1/64 dev nbr0 nodad\"}");
    assertThat(ops.get(4)).hasToString("{\"index\":5,\"action\":\"create\",\"type\":\"add-route\",\"namespace\":\"web\","
        + "\"object\":\"route default via fd00:88::1 dev eth0 in web\",\"reason\":{\"kind\":\"missing\",\"text\":\"missing\"},"
        + "\"command\":\"ip -n web route add default via fd00:88::1 dev eth0 proto 78\"}");
    assertThat(ops.get(6)).hasToString("{\"index\":7,\"action\":\"create\",\"type\":\"add-proxy-neighbour\",\"namespace\":\"host\","
        + "\"object\":\"neighbour proxy fd00:88::2 on nbr0\",\"reason\":{\"kind\":\"missing\",\"text\":\"missing\"},"
        + "\"command\":\"ip -6 neigh add proxy fd00:88::2 dev nbr0\"}");
    assertThat(ops.get(7)).hasToString("{\"index\":8,\"action\":\"delete\",\"type\":\"remove-proxy-neighbour\",\"namespace\":\"host\","
        + "\"object\":\"neighbour proxy fd00:88::9 on nbr0\",\"reason\":{\"kind\":\"undeclared\",\"text\":\"owned by netagent, not declared\"},"
        + "\"command\":\"ip -6 neigh del proxy fd00:88::9 dev nbr0\"}");
    assertThat(ops.get(8)).hasToString("{\"index\":9,\"action\":\"change\",\"type\":\"set-sysctl\",\"namespace\":\"host\","
        + "\"object\":\"sysctl net.ipv6.conf.all.forwarding\",\"change\":\"set 1\",\"reason\":{\"kind\":\"differs\","
        + "\"text\":\"forwarding was 0, wants 1\",\"field\":\"forwarding\",\"was\":\"0\",\"wants\":\"1\"},"
        + "\"command\":\"sysctl -w net.ipv6.conf.all.forwarding=1\"}");
    assertThat(ops.get(9).path("changes")).hasToString("[{\"action\":\"create\",\"text\":\"ip6: masquerade fd00:88::/64 leaving by any"
        + " interface but nbr0, isolated\"},{\"action\":\"create\",\"text\":\"ip6: tcp 8080 → [fd00:88::2]:80\"}]");
    assertThat(root.path("warnings")).hasToString("[\"" + SLAAC + "\"]");
    assertThat(root.path("summary")).hasToString("{\"create\":5,\"change\":4,\"delete\":1,\"conflicts\":0,\"blocked\":false}");
  }

  @Test
  void theStatusGroupsTheIpv6OperationsByOwnerShowsBothFamiliesAndNamesBothNatTables() {
    DesiredState desired = ConfigLoader.parse("dual.yaml", """
        networks:
          - { name: default, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1, subnet6: "fd00:88::/64" }
        containers:
          - { name: web, network: default, namespace: web, ip: 10.88.0.2, ip6: "fd00:88::2", ports: [ { host: 8080, container: 80 } ] }
        """, false).state();

    List<StatusReport.Entry> entries = StatusReport.of(desired, plan());

    assertThat(StatusJson.objects(entries).get(0)).hasToString("{\"object\":\"network default\",\"bridge\":\"nbr0\",\"subnet\":\"10.88.0.0/16\","
        + "\"gateway\":\"10.88.0.1\",\"subnet6\":\"fd00:88::/64\",\"gateway6\":\"fd00:88::1\",\"state\":\"differs\",\"details\":["
        + "\"~ sysctl net.ipv6.conf.nbr0.disable_ipv6: set 0  (disable_ipv6 was 1, wants 0)\",\"+ address fd00:88::1/64 on nbr0  (missing)\","
        + "\"~ sysctl net.ipv6.conf.nbr0.proxy_ndp: set 1  (proxy_ndp was 0, wants 1)\"]}");
    JsonNode web = ((ObjectNode) StatusJson.objects(entries).get(1)).without("details");
    assertThat(web).hasToString("{\"object\":\"container web\","
        + "\"namespace\":\"web\",\"ip\":\"10.88.0.2\",\"ip6\":\"fd00:88::2\",\"state\":\"differs\"}");
    assertThat(StatusText.render(entries)).isEqualTo("""
        network default (bridge nbr0, 10.88.0.0/16, fd00:88::/64)    differs
            ~ sysctl net.ipv6.conf.nbr0.disable_ipv6: set 0  (disable_ipv6 was 1, wants 0)
            + address fd00:88::1/64 on nbr0  (missing)
            ~ sysctl net.ipv6.conf.nbr0.proxy_ndp: set 1  (proxy_ndp was 0, wants 1)
        container web (10.88.0.2, fd00:88::2 in namespace web)       differs
            + address fd00:88::2/64 on web/eth0  (missing)
            + route default via fd00:88::1 dev eth0 in web  (missing)
            + neighbour fd00:88::2 → 02:42:0a:58:00:02 on nbr0  (missing)
            + neighbour proxy fd00:88::2 on nbr0  (missing)
        host settings (forwarding)                                   differs
            ~ sysctl net.ipv6.conf.all.forwarding: set 1  (forwarding was 0, wants 1)
        nftables tables ip netagent and ip6 netagent                 differs
            ~ nftables tables ip and ip6 netagent: replace atomically  (ip6 table was absent, wants present)
                + ip6: masquerade fd00:88::/64 leaving by any interface but nbr0, isolated
                + ip6: tcp 8080 → [fd00:88::2]:80
        not declared                                                 differs
            - neighbour proxy fd00:88::9 on nbr0  (owned by netagent, not declared)

        5 differs.
        """);
  }
}
