package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code netagent trace --kernel}: on a generated set of packets (from each container, the host
 * and the outside, to containers, the host and the outside; published and unpublished ports;
 * TCP and UDP; an isolated network and two that are not; IPv4 and IPv6) the model's answer and the
 * live kernel's agree on every step; a hand-made drift (a map element deleted with {@code nft},
 * a route deleted with {@code ip}) makes them disagree, exit 1, naming the step. No trace leaves
 * a table, a link or a conntrack entry behind.
 */
@ExtendWith(LabExtension.class)
class TraceIT {
  private static final int CASES = 40;

  private Lab lab;
  private Agent agent;
  private Path config;

  /**
   * Network "a" (isolated), "b" and "c" (not), all dual-stack; a1 publishes tcp 8061 and udp
   * 5361, b1 tcp 8062 on 127.0.0.1 and udp 5362, c1 nothing (b and c reach each other,
   * masqueraded). The lab's host gets an uplink to a namespace "up"
   * with routes to the documentation prefixes 'outside' stands for, as a real host's default
   * route would (the probes never get past the host).
   */
  @BeforeEach
  void apply() {
    config = lab.config("""
        networks:
          - { name: a, bridge: a%1$s, subnet: 10.71.0.0/24, gateway: 10.71.0.1, subnet6: "fd00:71::/64" }
          - { name: b, bridge: b%1$s, subnet: 10.72.0.0/24, gateway: 10.72.0.1, subnet6: "fd00:72::/64", isolate: false }
          - { name: c, bridge: c%1$s, subnet: 10.73.0.0/24, gateway: 10.73.0.1, subnet6: "fd00:73::/64", isolate: false }
        containers:
          - { name: a1, network: a, namespace: %2$s, createNamespace: true, hostInterface: v%1$sa1, ip: 10.71.0.11,
              ports: [ { host: 8061, container: 80 }, { host: 5361, container: 53, protocol: udp } ] }
          - { name: a2, network: a, namespace: %3$s, createNamespace: true, hostInterface: v%1$sa2, ip: 10.71.0.12 }
          - { name: b1, network: b, namespace: %4$s, createNamespace: true, hostInterface: v%1$sb1, ip: 10.72.0.11,
              ports: [ { host: 8062, container: 80, hostIp: 127.0.0.1 }, { host: 5362, container: 53, protocol: udp } ] }
          - { name: c1, network: c, namespace: %5$s, createNamespace: true, hostInterface: v%1$sc1, ip: 10.73.0.11 }
        """.formatted(lab.id, lab.ns("a1"), lab.ns("a2"), lab.ns("b1"), lab.ns("c1")));
    agent.ok("apply", "-c", config.toString());
    String up = lab.addNs("up");
    String uplink = "u" + lab.id;
    lab.ok(lab.host, "ip", "link", "add", uplink, "type", "veth", "peer", "name", "up0", "netns", up);
    lab.ok(lab.host, "ip", "link", "set", uplink, "up");
    lab.ok(lab.host, "ip", "addr", "add", "192.0.2.1/24", "dev", uplink);
    lab.ok(lab.host, "ip", "addr", "add", "2001:db8:1::1/64", "dev", uplink, "nodad");
    lab.ok(lab.host, "ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.2");
    lab.ok(lab.host, "ip", "-6", "route", "add", "2001:db8::/64", "via", "2001:db8:1::2");
  }

  @AfterEach
  void down() {
    agent.run("down", "-c", config.toString());
  }

  /** {@code PROTOCOL FROM -> TO:PORT} and {@code -6} when IPv6, as arguments of trace. */
  private record Case(boolean ipv6, String protocol, String from, String to, int port) {
    List<String> args() {
      List<String> args = new ArrayList<>(List.of("trace", "--kernel"));
      if (ipv6) {
        args.add("-6");
      }
      args.addAll(List.of(protocol, from + " -> " + to + ":" + port));
      return args;
    }
  }

  /** Every combination of sender, receiver, protocol, published or not, and family; the loopback ones of the host only. */
  private static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (boolean ipv6 : List.of(false, true)) {
      for (String protocol : List.of("tcp", "udp")) {
        for (String from : List.of("a1", "a2", "b1", "c1", "host", "outside")) {
          for (String to : List.of("a1", "b1", "c1", "host", "outside")) {
            if (from.equals(to) || from.equals("outside") && to.equals("outside")) {
              continue;
            }
            List<Integer> ports = to.equals("host") ? List.of(protocol.equals("tcp") ? 8061 : 5361, protocol.equals("tcp") ? 8062 : 5362, 9999)
                : List.of(protocol.equals("tcp") ? 80 : 53);
            for (int port : ports) {
              cases.add(new Case(ipv6, protocol, from, to, port));
            }
          }
        }
        cases.add(new Case(ipv6, protocol, "host", ipv6 ? "[::1]" : "127.0.0.1", protocol.equals("tcp") ? 8062 : 5361));
      }
    }
    return cases;
  }

  @Test
  void onGeneratedPacketsTheModelAndTheKernelAgreeOnEveryStepAndLeaveNothingBehind() {
    long seed = new Random().nextLong();
    List<Case> cases = all();
    Collections.shuffle(cases, new Random(seed));
    String tablesBefore = tables();
    List<String> linksBefore = links();
    List<String> namespacesBefore = lab.namespaces();
    for (Case c : cases.subList(0, CASES)) {
      Processes.Result r = agent.run(withConfig(c.args()));
      assertThat(r.code()).as("seed %d, %s:%n%s%s", seed, c, r.out(), r.err()).isZero();
      assertThat(r.out()).as("seed %d, %s", seed, c).endsWith("model and kernel agree on every step\n").doesNotContain("≠ ");
    }
    assertThat(tables()).as("nftables tables").isEqualTo(tablesBefore);
    assertThat(links()).as("links of the lab's host (the outside's veth pair goes with its namespace)").isEqualTo(linksBefore);
    assertThat(lab.namespaces()).as("named namespaces").isEqualTo(namespacesBefore);
    for (String ns : List.of(lab.host, lab.ns("a1"), lab.ns("a2"), lab.ns("b1"), lab.ns("c1"))) {
      assertThat(lab.in(ns, "conntrack", "-L").out()).as("conntrack entries in %s", ns).doesNotContain("dport=80 ", "dport=53 ", "dport=8061",
          "dport=8062", "dport=5361", "dport=5362", "dport=9999", "dport=443");
    }
  }

  @Test
  void aTraceTableLeftByAKilledTraceIsDeletedByTheNext() {
    // Process ids stop at /proc/sys/kernel/pid_max (at most 4194304), so this one is no process's.
    lab.ok(lab.host, "nft", "add", "table", "ip", "netagent-trace-9999999");

    agent.ok(withConfig(new Case(false, "udp", "host", "b1", 53).args()));

    assertThat(tables()).doesNotContain("netagent-trace");
  }

  @Test
  void aDeletedMapElementOrRouteMakesThemDisagreeNamingTheStep() {
    String agreed = agent.ok(withConfig(new Case(false, "tcp", "outside", "host", 8061).args()));
    assertThat(agreed).contains("= published port  model:  tcp 8061 → 10.71.0.11:80 (container a1)");

    lab.ok(lab.host, "nft", "delete", "element", "ip", "netagent", "any_addr", "{ tcp . 8061 }");
    Processes.Result drift = agent.run(withConfig(new Case(false, "tcp", "outside", "host", 8061).args()));

    assertThat(drift.code()).as(drift.out() + drift.err()).isEqualTo(1);
    assertThat(drift.out()).contains("≠ published port  model:  tcp 8061 → 10.71.0.11:80 (container a1) (map any_addr)\n",
        "                  kernel: no element for it in ip netagent's maps\n",
        "  published port: model: tcp 8061 → 10.71.0.11:80 (container a1) (map any_addr); kernel: no element for it in ip netagent's maps\n");
    List<String> json = new ArrayList<>(new Case(false, "tcp", "outside", "host", 8061).args());
    json.add(2, "--output=json");
    Processes.Result document = agent.run(withConfig(json));
    assertThat(document.code()).isEqualTo(1);
    JsonNode steps = Lab.json(document.out());
    assertThat(steps.get("agree").asBoolean()).isFalse();
    assertThat(steps.at("/steps/1/agree").asBoolean()).isFalse();
    assertThat(steps.at("/steps/1/kernel/key").asText()).isEqualTo("none");
    assertThat(steps.at("/steps/0/agree").asBoolean()).isTrue();

    lab.ok(lab.host, "ip", "route", "del", "10.72.0.0/24", "dev", "b" + lab.id);
    Processes.Result route = agent.run(withConfig(new Case(false, "udp", "host", "b1", 53).args()));

    assertThat(route.code()).as(route.out() + route.err()).isEqualTo(1);
    assertThat(route.out()).contains("  route: model: 10.72.0.11 is on 10.72.0.0/24: by bridge b" + lab.id + "; kernel: ");
    assertThat(tables()).doesNotContain("netagent-trace");
  }

  private String[] withConfig(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(2, List.of("-c", config.toString()));
    return all.toArray(String[]::new);
  }

  private String tables() {
    return lab.ok(lab.host, "nft", "list", "tables");
  }

  /** The names of the lab host's links, sorted. */
  private List<String> links() {
    List<String> names = new ArrayList<>();
    lab.ip(lab.host, "link").forEach(l -> names.add(l.get("ifname").asText()));
    Collections.sort(names);
    return names;
  }
}
