package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two networks are two separate networks: with real traffic, ICMP and TCP, both ways, a
 * container on one reaches no container on the other (unless neither network is isolated), while
 * it still reaches the other network's published port through a host address, and its own
 * network's containers. The isolation survives drift (its rules deleted by hand: the daemon's
 * resync puts them back) and follows a reload that changes {@code isolate}.
 */
@ExtendWith(LabExtension.class)
class IsolationIT {
  private static final String A1 = "10.61.0.11";
  private static final String A2 = "10.61.0.12";
  private static final String B1 = "10.62.0.11";

  private Lab lab;
  private Agent agent;
  private DaemonProcess daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.kill();
    }
    agent.run("down", "-c", config(true, true).toString());
  }

  /**
   * Network "a" (10.61.0.0/24, containers a1 and a2) and "b" (10.62.0.0/24, container b1); a1
   * publishes host port 8061, b1 8062, both to port 80.
   */
  private Path config(boolean isolateA, boolean isolateB) {
    String id = lab.id;
    return lab.config("""
        networks:
          - { name: a, bridge: a%1$s, subnet: 10.61.0.0/24, gateway: 10.61.0.1, isolate: %2$s }
          - { name: b, bridge: b%1$s, subnet: 10.62.0.0/24, gateway: 10.62.0.1, isolate: %3$s }
        containers:
          - { name: a1, network: a, namespace: %4$s, createNamespace: true, hostInterface: v%1$sa1, ip: %7$s,
              ports: [ { host: 8061, container: 80 } ] }
          - { name: a2, network: a, namespace: %5$s, createNamespace: true, hostInterface: v%1$sa2, ip: %8$s }
          - { name: b1, network: b, namespace: %6$s, createNamespace: true, hostInterface: v%1$sb1, ip: %9$s,
              ports: [ { host: 8062, container: 80 } ] }
        """.formatted(id, isolateA, isolateB, lab.ns("a1"), lab.ns("a2"), lab.ns("b1"), A1, A2, B1));
  }

  private void servers() {
    NatTraffic.tcpServer(lab, lab.ns("a1"), 80, "echo A1");
    NatTraffic.tcpServer(lab, lab.ns("b1"), 80, "echo B1");
  }

  private boolean pings(String from, String to) {
    return lab.in(lab.ns(from), "ping", "-c", "1", "-W", "1", to).code() == 0;
  }

  private String tcp(String from, String host, int port) {
    return lab.in(lab.ns(from), "socat", "-t", "2", "-T", "2", "-", "TCP:" + host + ":" + port + ",connect-timeout=1").out().strip();
  }

  /** What crosses between the networks, ICMP and TCP, each way, in words ("a1 → b1 ping", ...). */
  private List<String> crossing() {
    List<String> crossing = new ArrayList<>();
    if (pings("a1", B1)) {
      crossing.add("a1 → b1 ping");
    }
    if (pings("b1", A1)) {
      crossing.add("b1 → a1 ping");
    }
    if (tcp("a1", B1, 80).equals("B1")) {
      crossing.add("a1 → b1 tcp");
    }
    if (tcp("b1", A1, 80).equals("A1")) {
      crossing.add("b1 → a1 tcp");
    }
    return crossing;
  }

  private static final List<String> EVERY_WAY = List.of("a1 → b1 ping", "b1 → a1 ping", "a1 → b1 tcp", "b1 → a1 tcp");

  /** What must pass whatever the isolation: a network's own containers, and published ports through a host address. */
  private void assertSameNetworkAndPublishedPortsPass() {
    assertThat(pings("a2", A1)).as("a2 pings a1 on its own network").isTrue();
    assertThat(tcp("a2", A1, 80)).as("a2 → a1:80 on its own network").isEqualTo("A1");
    assertThat(tcp("a1", "10.61.0.1", 8062)).as("a1 → b1's published port through a host address").isEqualTo("B1");
    assertThat(tcp("b1", "10.62.0.1", 8061)).as("b1 → a1's published port through a host address").isEqualTo("A1");
  }

  @Test
  void networksAreIsolatedUnlessNeitherIsAndPublishedPortsStillCross() {
    agent.ok("apply", "-c", config(true, true).toString());
    servers();
    assertThat(crossing()).as("traffic between two isolated networks").isEmpty();
    assertSameNetworkAndPublishedPortsPass();

    agent.ok("apply", "-c", config(false, true).toString());
    assertThat(crossing()).as("traffic between a network that is not isolated and one that is").isEmpty();
    assertSameNetworkAndPublishedPortsPass();

    agent.ok("apply", "-c", config(false, false).toString());
    assertThat(crossing()).as("traffic between two networks that are not isolated").isEqualTo(EVERY_WAY);
    assertSameNetworkAndPublishedPortsPass();

    agent.ok("apply", "-c", config(true, false).toString());
    assertThat(crossing()).as("isolated again").isEmpty();
  }

  /** The handles of the isolation rules in the kernel's table. */
  private List<Integer> isolationRules() {
    List<Integer> handles = new ArrayList<>();
    for (JsonNode item : lab.nft(lab.host, "list", "table", "ip", "netagent").path("nftables")) {
      if (item.path("rule").path("comment").asText().startsWith("netagent:isolate ")) {
        handles.add(item.path("rule").path("handle").asInt());
      }
    }
    return handles;
  }

  @Test
  void theDaemonRepairsDeletedIsolationRulesAndAppliesAReloadedIsolation() throws Exception {
    Path config = config(true, true);
    daemon = DaemonProcess.start(agent, config, "--resync", "2");
    servers();
    assertThat(crossing()).as("isolated").isEmpty();

    // Drift: the isolation rules deleted by hand (nftables sends no notification; the resync sees it).
    List<Integer> handles = isolationRules();
    assertThat(handles).as("two rules per isolated network").hasSize(4);
    int mark = daemon.mark();
    for (int handle : handles) {
      lab.ok(lab.host, "nft", "delete", "rule", "ip", "netagent", "forward", "handle", String.valueOf(handle));
    }
    assertThat(daemon.awaitRepair(mark).text()).as("the repair").contains("nftables table ip netagent");
    assertThat(isolationRules()).hasSize(4);
    assertThat(crossing()).as("isolated again after the repair").isEmpty();

    // Reload: neither network isolated any more, then one again.
    Files.writeString(config, Files.readString(config).replace("isolate: true", "isolate: false"));
    mark = daemon.mark();
    daemon.signal("HUP");
    daemon.await("applied the reloaded configuration (", mark);
    assertThat(crossing()).as("after a reload with isolate: false on both").isEqualTo(EVERY_WAY);
    Files.writeString(config, Files.readString(config).replaceFirst("isolate: false", "isolate: true"));
    mark = daemon.mark();
    daemon.signal("HUP");
    daemon.await("applied the reloaded configuration (", mark);
    assertThat(crossing()).as("after a reload that isolates network a again").isEmpty();
    assertSameNetworkAndPublishedPortsPass();
  }
}
