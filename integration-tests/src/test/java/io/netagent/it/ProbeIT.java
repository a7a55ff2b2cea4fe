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
 * {@code netagent probe} against a converged lab with no application in its containers: every
 * probe passes; then a foreign forward chain with policy drop (as Docker's), forwarding switched
 * off (host-wide, and on the bridge only) and a container's interface set down each make the
 * probes that depend on it fail, naming the mapping and the cause, and undoing it makes them
 * pass again. Each probe run leaves the lab host's links, addresses and the lab's namespaces as
 * they were. {@code apply --probe} probes after applying, and fails when a probe does; the
 * daemon run with {@code --probe-every} logs each failure and keeps its latest run for status.
 */
@ExtendWith(LabExtension.class)
class ProbeIT {
  private static final String PREFIX = "10.217.0";
  /** A forward chain with policy drop in another table, as Docker's (through iptables-nft). */
  private static final String DOCKER_LIKE_DROP = "add table ip filter; add chain ip filter FORWARD { type filter hook forward priority 0; policy drop; }";
  /** The cause the probe names for it. */
  private static final String DROPPED = ": nftables chain ip filter FORWARD (hook forward): policy drop; a drop in another table is final, whatever netagent's table accepts";
  private Lab lab;
  private Agent agent;
  private Path config;

  @BeforeEach
  void converge() {
    NatTraffic.uplink(lab);
    config = lab.config(NatConfig.yaml(lab, PREFIX, "",
        NatConfig.container(lab, "c1", PREFIX + ".11", "ports: [ { host: 8080, container: 80 }, { host: 8081, container: 81, protocol: udp } ]"),
        NatConfig.container(lab, "c2", PREFIX + ".12", "ports: [ { host: 9090, container: 90, hostIp: " + NatTraffic.HOST_IP + " } ]")));
    agent.ok("apply", "-c", config.toString());
  }

  @Test
  void everyProbePassesOnAConvergedHost() {
    Processes.Result r = probe();
    System.out.println(r.out());

    assertThat(r.code()).as("exit code of %s", r).isZero();
    assertThat(r.out()).contains(
        "ok      gateway     c1 → gateway " + PREFIX + ".1",
        "ok      host        c1 tcp 8080 → " + PREFIX + ".11:80",
        "ok      loopback    c1 tcp 8080 → " + PREFIX + ".11:80",
        "ok      outside     c1 tcp 8080 → " + PREFIX + ".11:80",
        "ok      hairpin     c1 tcp 8080 → " + PREFIX + ".11:80",
        "ok      outside     c1 udp 8081 → " + PREFIX + ".11:81",
        "ok      hairpin     c1 udp 8081 → " + PREFIX + ".11:81",
        "ok      outside     c2 tcp 192.0.2.1:9090 → " + PREFIX + ".12:90",
        "ok      hairpin     c2 tcp 192.0.2.1:9090 → " + PREFIX + ".12:90",
        "ok      masquerade  lab: c1 → outside, as the host's address",
        "Probes: 14 ok, 0 failed.");
    assertThat(r.out()).doesNotContain("FAILED");
    JsonNode json = Lab.json(agent.run("probe", "-c", config.toString(), "-o", "json").out());
    assertThat(json.path("summary").path("ok").asInt()).isEqualTo(14);
    assertThat(json.path("summary").path("failed").asInt()).isZero();
    assertThat(agent.ok("apply", "--probe", "-c", config.toString())).as("apply --probe")
        .contains("No changes: the kernel already matches the configuration.", "Probes: 14 ok, 0 failed.");
  }

  @Test
  void aForeignForwardChainWithPolicyDropFailsWhatTheHostForwards() {
    lab.ok(lab.host, "nft", DOCKER_LIKE_DROP);
    assertThat(plannedOperations()).as("the plan with the foreign table").isEmpty();

    Processes.Result r = probe();

    assertThat(r.code()).as("exit code of %s", r).isEqualTo(1);
    assertThat(r.out()).contains(
        "FAILED  outside     c1 tcp 8080 → " + PREFIX + ".11:80" + DROPPED,
        "FAILED  hairpin     c1 udp 8081 → " + PREFIX + ".11:81" + DROPPED,
        "FAILED  outside     c2 tcp 192.0.2.1:9090 → " + PREFIX + ".12:90" + DROPPED,
        "FAILED  masquerade  lab: c1 → outside, as the host's address" + DROPPED,
        "ok      host        c1 tcp 8080 → " + PREFIX + ".11:80",
        "ok      loopback    c1 udp 8081 → " + PREFIX + ".11:81",
        "ok      gateway     c2 → gateway " + PREFIX + ".1",
        "Probes: 7 ok, 7 failed.");

    Processes.Result applied = agent.run("apply", "--probe", "-c", config.toString());
    assertThat(applied.code()).as("apply --probe: %s", applied).isEqualTo(1);
    assertThat(applied.out()).contains("No changes", "Probes: 7 ok, 7 failed.");
    assertThat(plannedOperations()).as("the applied state stays").isEmpty();

    lab.ok(lab.host, "nft", "delete table ip filter");
    assertThat(probe().code()).as("the probe once the table is gone").isZero();
  }

  /**
   * net.ipv4.ip_forward is the host's, but netagent switches it on when it is off: with it off
   * the plan is not empty (it lists exactly that). Forwarding switched off on the bridge alone,
   * which netagent does not manage, leaves the plan empty.
   */
  @Test
  void forwardingSwitchedOffFailsWhatTheHostForwards() {
    lab.ok(lab.host, "sysctl", "-qw", "net.ipv4.ip_forward=0");
    assertThat(plannedOperations()).as("netagent switches ip_forward back on").containsExactly("set-sysctl sysctl net.ipv4.ip_forward");
    Processes.Result off = probe();
    assertThat(off.code()).isEqualTo(1);
    assertThat(off.out()).contains(
        "FAILED  outside     c1 tcp 8080 → " + PREFIX + ".11:80: net.ipv4.ip_forward is 0 in the host: it forwards nothing",
        "FAILED  masquerade  lab: c1 → outside, as the host's address: net.ipv4.ip_forward is 0 in the host: it forwards nothing",
        "Probes: 7 ok, 7 failed.");
    lab.ok(lab.host, "sysctl", "-qw", "net.ipv4.ip_forward=1");

    String bridge = "b" + lab.id;
    lab.ok(lab.host, "sysctl", "-qw", "net.ipv4.conf." + bridge + ".forwarding=0");
    assertThat(plannedOperations()).as("the plan with the bridge's forwarding off").isEmpty();
    Processes.Result bridgeOff = probe();
    String cause = ": net.ipv4.conf." + bridge + ".forwarding is 0 in the host: nothing arriving on " + bridge + " is forwarded";
    assertThat(bridgeOff.code()).isEqualTo(1);
    assertThat(bridgeOff.out()).contains(
        "FAILED  hairpin     c1 tcp 8080 → " + PREFIX + ".11:80" + cause,
        "FAILED  hairpin     c2 tcp 192.0.2.1:9090 → " + PREFIX + ".12:90" + cause,
        "FAILED  masquerade  lab: c1 → outside, as the host's address" + cause,
        "ok      outside     c1 tcp 8080 → " + PREFIX + ".11:80",
        "Probes: 10 ok, 4 failed.");
    lab.ok(lab.host, "sysctl", "-qw", "net.ipv4.conf." + bridge + ".forwarding=1");
    assertThat(probe().code()).as("the probe with forwarding back on").isZero();
  }

  /**
   * A container's interface set down inside its namespace: netagent's plan sees it (it sets the
   * interface up and adds the default route the kernel removed with it), so the plan is not
   * empty; the probe names the interface for every probe of that container.
   */
  @Test
  void aContainersInterfaceDownFailsEveryProbeOfThatContainer() {
    lab.ok(lab.host, "ip", "-n", lab.ns("c1"), "link", "set", "eth0", "down");
    assertThat(plannedOperations()).as("the plan with c1's eth0 down")
        .containsExactly("set-up link " + lab.ns("c1") + "/eth0", "add-route route default via " + PREFIX + ".1 dev eth0 in " + lab.ns("c1"));

    Processes.Result r = probe();

    assertThat(r.code()).isEqualTo(1);
    String cause = ": c1's interface is down inside its namespace";
    assertThat(r.out()).contains(
        "FAILED  gateway     c1 → gateway " + PREFIX + ".1" + cause,
        "FAILED  host        c1 tcp 8080 → " + PREFIX + ".11:80" + cause,
        "FAILED  loopback    c1 udp 8081 → " + PREFIX + ".11:81" + cause,
        "FAILED  outside     c1 udp 8081 → " + PREFIX + ".11:81" + cause,
        "FAILED  masquerade  lab: c1 → outside, as the host's address" + cause,
        "ok      gateway     c2 → gateway " + PREFIX + ".1",
        "ok      outside     c2 tcp 192.0.2.1:9090 → " + PREFIX + ".12:90",
        "Probes: 4 ok, 10 failed.");

    agent.ok("apply", "-c", config.toString());
    assertThat(probe().code()).as("the probe once apply set it up again").isZero();
  }

  @Test
  void overIpv6TooWhereAForeignIp6DropFailsOnlyTheIpv6ProbesItConcerns() {
    config = lab.config(NatConfig.yaml(lab, PREFIX, ", subnet6: \"fd00:217::/64\", masquerade6: true",
        NatConfig.container(lab, "c1", PREFIX + ".11", "ip6: \"fd00:217::11\"", "ports: [ { host: 8080, container: 80 } ]")));
    agent.ok("apply", "-c", config.toString());

    Processes.Result r = probe();
    assertThat(r.code()).as("exit code of %s", r).isZero();
    assertThat(r.out()).contains(
        "ok      outside     c1 tcp 8080 → " + PREFIX + ".11:80",
        "ok      gateway     c1 → gateway fd00:217::1",
        "ok      host        c1 tcp 8080 → [fd00:217::11]:80",
        "ok      outside     c1 tcp 8080 → [fd00:217::11]:80",
        "ok      hairpin     c1 tcp 8080 → [fd00:217::11]:80",
        "ok      masquerade  lab: c1 → outside over IPv6, as the host's address",
        "Probes: 11 ok, 0 failed.");

    lab.ok(lab.host, "nft", "add table ip6 filter; add chain ip6 filter FORWARD { type filter hook forward priority 0; policy drop; }");
    assertThat(plannedOperations()).as("the plan with the foreign ip6 table").isEmpty();
    Processes.Result dropped = probe();
    String cause = ": nftables chain ip6 filter FORWARD (hook forward): policy drop; a drop in another table is final, whatever netagent's table accepts";
    assertThat(dropped.code()).isEqualTo(1);
    assertThat(dropped.out()).contains(
        "ok      outside     c1 tcp 8080 → " + PREFIX + ".11:80",
        "FAILED  outside     c1 tcp 8080 → [fd00:217::11]:80" + cause,
        "FAILED  hairpin     c1 tcp 8080 → [fd00:217::11]:80" + cause,
        "FAILED  masquerade  lab: c1 → outside over IPv6, as the host's address" + cause,
        "Probes: 8 ok, 3 failed.");
  }

  @Test
  void theDaemonProbesEverySoOftenAndLogsEachFailureInOneLine() throws InterruptedException {
    DaemonProcess daemon = DaemonProcess.start(agent, config, "--probe-every", "1s");
    try {
      int mark = daemon.mark();
      lab.ok(lab.host, "nft", DOCKER_LIKE_DROP);
        // A run under way when the table came may blame the container; the runs after name the table.
      daemon.await("probe failed: masquerade lab: c1 → outside, as the host's address" + DROPPED, mark);
      daemon.await("probe failed: outside c1 tcp 8080 → " + PREFIX + ".11:80" + DROPPED, mark);
      daemon.await("probe failed: hairpin c2 tcp 192.0.2.1:9090 → " + PREFIX + ".12:90" + DROPPED, mark);
      assertThat(daemon.linesSince(mark)).as("the daemon's log").noneMatch(l -> l.contains("probe failed: host") || l.contains("probe failed: gateway"));
      // The daemon keeps the latest run in daemon.json, written once the run is over (its log lines come first), and status shows it.
      JsonNode last = lastProbe();
      assertThat(last.path("ok").asInt() + last.path("failed").asInt()).as("daemon.json lastProbe: %s", last).isEqualTo(14);
      assertThat(agent.ok("status")).contains("; last probe ");
    } finally {
      daemon.kill();
    }
  }

  /** daemon.json's {@code lastProbe} once a run has recorded one, within {@link DaemonProcess#BOUND} (a bound against hangs). */
  private JsonNode lastProbe() throws InterruptedException {
    long deadline = System.nanoTime() + DaemonProcess.BOUND.toNanos();
    JsonNode last;
    do {
      last = Lab.json(Sh.ok("cat", agent.stateDir().resolve("daemon.json").toString())).path("lastProbe");
      if (last.isObject()) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return last;
  }

  /** {@code netagent probe}, checking that it left the lab host's links and addresses, and the lab's namespaces, as they were. */
  private Processes.Result probe() {
    String before = hostLinks();
    List<String> namespaces = lab.namespaces();
    Processes.Result r = agent.run("probe", "-c", config.toString());
    assertThat(hostLinks()).as("the lab host's links and addresses after a probe").isEqualTo(before);
    assertThat(lab.namespaces()).as("the lab's namespaces after a probe").isEqualTo(namespaces);
    return r;
  }

  private String hostLinks() {
    List<String> links = new ArrayList<>();
    for (JsonNode link : lab.ip(lab.host, "addr")) {
      List<String> addresses = new ArrayList<>();
      link.path("addr_info").forEach(a -> addresses.add(a.path("local").asText() + "/" + a.path("prefixlen").asText()));
      links.add(link.path("ifname").asText() + " " + addresses);
    }
    return String.join("\n", links);
  }

  /** The operations of the live plan as "TYPE OBJECT"; asserts there is no conflict. */
  private List<String> plannedOperations() {
    JsonNode plan = agent.plan(config);
    assertThat(plan.path("conflicts")).as("conflicts").isEmpty();
    List<String> ops = new ArrayList<>();
    plan.path("operations").forEach(op -> ops.add(op.path("type").asText() + " " + op.path("object").asText()));
    return ops;
  }
}
