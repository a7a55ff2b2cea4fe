package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone changes with {@code ip} what netagent built: each test starts from a freshly applied
 * lab, makes one drift, and checks that the plan lists exactly the operations that repair it,
 * that apply repairs it (seen with {@code ip -j}), and that the plan is empty afterwards.
 */
@ExtendWith(LabExtension.class)
class DriftIT {
  private static final String GATEWAY = "10.211.0.1";

  private Lab lab;
  private Agent agent;
  private String bridge;
  private Path config;

  @BeforeEach
  void setUp() {
    bridge = "b" + lab.id;
    lab.addNs("c3");
    config = lab.config("""
        networks:
          - { name: lab, bridge: %1$s, subnet: 10.211.0.0/24, gateway: 10.211.0.1, mac: "02:42:0a:d3:00:01" }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: %5$s, ip: 10.211.0.11, mac: "02:42:0a:d3:00:0b" }
          - { name: c2, network: lab, namespace: %3$s, createNamespace: true, hostInterface: %6$s, ip: 10.211.0.12, mac: "02:42:0a:d3:00:0c" }
          - { name: c3, network: lab, namespace: %4$s, hostInterface: %7$s, ip: 10.211.0.13, mac: "02:42:0a:d3:00:0d" }
        """.formatted(bridge, lab.ns("c1"), lab.ns("c2"), lab.ns("c3"), port(1), port(2), port(3)));
    assertThat(agent.ok("apply", "-c", config.toString())).contains("the kernel matches the configuration");
    assertConverged();
    for (int c = 1; c <= 3; c++) {
      assertContainerWired(c);
    }
  }

  /** The host end of container {@code c}'s veth pair. */
  private String port(int c) {
    return "v" + lab.id + c;
  }

  private static String mac(int c) {
    return "02:42:0a:d3:00:0" + Integer.toHexString(10 + c);
  }

  private static String ip(int c) {
    return "10.211.0.1" + c;
  }

  private JsonNode link(String ns, String name) {
    JsonNode links = lab.ip(ns, "-d", "link", "show", "dev", name);
    assertThat(links).as("link %s in %s", name, ns).hasSize(1);
    return links.get(0);
  }

  private void assertConverged() {
    JsonNode plan = agent.plan(config);
    assertThat(plan.path("conflicts")).as("conflicts").isEmpty();
    assertThat(plan.path("operations")).as("operations of a converged plan").isEmpty();
  }

  /** The operations of the live plan as "TYPE OBJECT", in order; asserts there is no conflict. */
  private List<String> plannedOperations() {
    JsonNode plan = agent.plan(config);
    assertThat(plan.path("conflicts")).as("conflicts").isEmpty();
    List<String> ops = new ArrayList<>();
    for (JsonNode op : plan.path("operations")) {
      ops.add(op.path("type").asText() + " " + op.path("object").asText());
    }
    return ops;
  }

  /** Applies, checks the operations it printed, then that nothing is left to do. */
  private void applyRepairs(String... printedLines) {
    String out = agent.ok("apply", "-c", config.toString());
    assertThat(out).contains(printedLines).contains("Applied " + printedLines.length + " operation(s)", "the kernel matches the configuration");
    assertConverged();
  }

  /** Everything netagent set up for container {@code c}, checked in the kernel. */
  private void assertContainerWired(int c) {
    String ns = lab.ns("c" + c);
    JsonNode hostEnd = link(lab.host, port(c));
    assertThat(hostEnd.path("linkinfo").path("info_kind").asText()).isEqualTo("veth");
    assertThat(hostEnd.path("master").asText()).as("master of %s", port(c)).isEqualTo(bridge);
    assertThat(hostEnd.path("mtu").asInt()).isEqualTo(1500);
    assertThat(hostEnd.path("flags").toString()).contains("\"UP\"");
    assertThat(hostEnd.path("ifalias").asText()).isEqualTo("netagent:lab/c" + c);
    JsonNode portData = hostEnd.path("linkinfo").path("info_slave_data");
    assertThat(portData.path("proxy_arp").asBoolean()).as("proxy_arp on %s", port(c)).isTrue();
    assertThat(portData.path("hairpin").asBoolean()).as("hairpin on %s", port(c)).isTrue();

    JsonNode ctrEnd = link(ns, "eth0");
    assertThat(ctrEnd.path("address").asText()).isEqualTo(mac(c));
    assertThat(ctrEnd.path("mtu").asInt()).isEqualTo(1500);
    assertThat(ctrEnd.path("flags").toString()).contains("\"UP\"");
    JsonNode addr = lab.ip(ns, "addr", "show", "dev", "eth0").get(0).path("addr_info");
    assertThat(addr.toString()).contains("\"local\":\"" + ip(c) + "\"", "\"prefixlen\":24");
    JsonNode routes = lab.ip(ns, "route", "show", "default");
    assertThat(routes).as("default routes in %s", ns).hasSize(1);
    assertThat(routes.get(0).path("gateway").asText()).isEqualTo(GATEWAY);
    assertThat(routes.get(0).path("dev").asText()).isEqualTo("eth0");

    assertThat(staticFdbMacs(port(c))).as("static fdb entries behind %s", port(c)).contains(mac(c));
    JsonNode neighbour = lab.ip(lab.host, "neigh", "show", "dev", bridge, "to", ip(c), "nud", "permanent");
    assertThat(neighbour.toString()).as("permanent neighbour %s on %s", ip(c), bridge).contains("\"lladdr\":\"" + mac(c) + "\"");
  }

  /** The MACs of the static (non-local) fdb entries on a bridge port. */
  private List<String> staticFdbMacs(String dev) {
    List<String> macs = new ArrayList<>();
    for (JsonNode e : Lab.json(lab.ok(lab.host, "bridge", "-j", "fdb", "show", "dev", dev))) {
      if (e.path("state").asText().equals("static") && e.path("master").asText().equals(bridge)) {
        macs.add(e.path("mac").asText());
      }
    }
    return macs;
  }

  private void assertPings(int from, int to) {
    Processes.Result ping = lab.in(lab.ns("c" + from), "ping", "-c", "2", "-W", "2", ip(to));
    assertThat(ping.code()).as("c%d pings c%d\n%s%s", from, to, ping.out(), ping.err()).isZero();
  }

  @Test
  void anMtuChangedOnAHostEndIsSetBack() {
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", port(2), "mtu", "1400");
    assertThat(link(lab.host, port(2)).path("mtu").asInt()).isEqualTo(1400);

    assertThat(plannedOperations()).containsExactly("set-mtu link " + port(2));
    JsonNode op = agent.plan(config).path("operations").get(0);
    assertThat(op.path("action").asText()).isEqualTo("change");
    assertThat(op.path("reason").path("field").asText()).isEqualTo("mtu");
    assertThat(op.path("reason").path("was").asText()).isEqualTo("1400");
    assertThat(op.path("reason").path("wants").asText()).isEqualTo("1500");

    applyRepairs("~ link " + port(2) + ": set mtu 1500  (mtu was 1400, wants 1500)");
    assertThat(link(lab.host, port(2)).path("mtu").asInt()).isEqualTo(1500);
    assertThat(link(lab.host, bridge).path("mtu").asInt()).isEqualTo(1500);
    for (int c = 1; c <= 3; c++) {
      assertContainerWired(c);
    }
  }

  @Test
  void aDeletedVethIsRecreatedWithEverythingOnIt() {
    Sh.ok("ip", "-n", lab.host, "link", "del", "dev", port(2));
    assertThat(lab.ip(lab.ns("c2"), "link", "show").toString()).as("the peer went with it").doesNotContain("\"eth0\"");

    String ns = lab.ns("c2");
    assertThat(plannedOperations()).containsExactly(
        "create-veth-pair veth pair " + port(2) + " \u2194 " + ns + "/eth0 (mtu 1500)",
        "add-address address 10.211.0.12/24 on " + ns + "/eth0",
        "set-up link " + port(2),
        "set-up link " + ns + "/eth0",
        "set-master link " + port(2),
        "set-bridge-port bridge port " + port(2),
        "add-route route default via " + GATEWAY + " dev eth0 in " + ns,
        "add-fdb-entry fdb entry " + mac(2) + " behind " + port(2));

    applyRepairs(
        "+ veth pair " + port(2) + " \u2194 " + ns + "/eth0 (mtu 1500)  (missing)",
        "+ address 10.211.0.12/24 on " + ns + "/eth0  (missing)",
        "~ link " + port(2) + ": set up  (state was down, wants up)",
        "~ link " + ns + "/eth0: set up  (state was down, wants up)",
        "~ link " + port(2) + ": attach to " + bridge + "  (master was none, wants " + bridge + ")",
        "~ bridge port " + port(2) + ": set proxy_arp on, hairpin on",
        "+ route default via " + GATEWAY + " dev eth0 in " + ns + "  (missing)",
        "+ fdb entry " + mac(2) + " behind " + port(2) + "  (missing)");
    for (int c = 1; c <= 3; c++) {
      assertContainerWired(c);
    }
    assertPings(1, 2);
    assertPings(2, 3);
  }

  @Test
  void aRemovedContainerAddressIsAddedBackWithTheDefaultRouteThatWentWithIt() {
    String ns = lab.ns("c3");
    Sh.ok("ip", "-n", ns, "addr", "del", "10.211.0.13/24", "dev", "eth0");
    assertThat(lab.ip(ns, "route", "show", "default")).as("the kernel removes the default route with the address").isEmpty();

    assertThat(plannedOperations()).containsExactly(
        "add-address address 10.211.0.13/24 on " + ns + "/eth0",
        "add-route route default via " + GATEWAY + " dev eth0 in " + ns);

    applyRepairs(
        "+ address 10.211.0.13/24 on " + ns + "/eth0  (missing)",
        "+ route default via " + GATEWAY + " dev eth0 in " + ns + "  (missing)");
    for (int c = 1; c <= 3; c++) {
      assertContainerWired(c);
    }
    assertPings(3, 1);
  }

  @Test
  void aDetachedPortIsAttachedAgainWithItsOptionsAndStaticFdbEntry() {
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", port(1), "nomaster");
    assertThat(link(lab.host, port(1)).path("master").isMissingNode()).as("%s detached", port(1)).isTrue();
    assertThat(staticFdbMacs(port(1))).as("the kernel flushes the port's fdb entries").doesNotContain(mac(1));

    assertThat(plannedOperations()).containsExactly(
        "set-master link " + port(1),
        "set-bridge-port bridge port " + port(1),
        "add-fdb-entry fdb entry " + mac(1) + " behind " + port(1));

    applyRepairs(
        "~ link " + port(1) + ": attach to " + bridge + "  (master was none, wants " + bridge + ")",
        "~ bridge port " + port(1) + ": set proxy_arp on, hairpin on",
        "+ fdb entry " + mac(1) + " behind " + port(1) + "  (missing)");
    for (int c = 1; c <= 3; c++) {
      assertContainerWired(c);
    }
    assertPings(1, 3);
    assertPings(2, 1);
  }
}
