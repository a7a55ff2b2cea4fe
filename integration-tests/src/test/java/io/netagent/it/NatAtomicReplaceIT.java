package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table is replaced in one transaction: while clients in the outside namespace keep opening
 * short connections to a published port, twenty applies replace the table (adding and removing
 * an unrelated mapping), and not one connection is refused or lost.
 */
@ExtendWith(LabExtension.class)
class NatAtomicReplaceIT {
  private static final int APPLIES = 20;

  private Lab lab;
  private Agent agent;
  private String outside;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
  }

  private Path config(boolean second) {
    return lab.config(NatConfig.yaml(lab, "10.214.0", "",
        NatConfig.container(lab, "c1", "10.214.0.11", "ports:", "  - { host: 8080, container: 80 }"),
        NatConfig.container(lab, "c2", "10.214.0.12",
            second ? "ports: [ { host: 9090, container: 90 }, { host: 9091, container: 91, protocol: udp } ]" : "")));
  }

  @Test
  void connectionsKeepSucceedingWhileTheTableIsReplacedAgainAndAgain() {
    Path without = config(false);
    Path with = config(true);
    agent.ok("apply", "-c", without.toString());
    NatTraffic.tcpServer(lab, lab.ns("c1"), 80, "echo c1");

    try (NatTraffic.Background clients = new NatTraffic.Background(outside, "tcp-loop", HOST_IP, "8080", "c1", "2")) {
      clients.awaitLines("ok"::equals, 50, "50 connections before the applies");
      long before = clients.count("ok"::equals);
      for (int i = 0; i < APPLIES; i++) {
        Processes.Result r = agent.run("apply", "-c", (i % 2 == 0 ? with : without).toString());
        assertThat(r.code()).as("apply %d: %s\n%s", i, r.out(), r.err()).isZero();
        assertThat(r.out()).as("apply %d replaces the table", i).contains("nftables table ip netagent");
      }
      long during = clients.count("ok"::equals) - before;
      clients.awaitLines("ok"::equals, Math.max(300, clients.count("ok"::equals) + 50), "300 connections in all, 50 after the applies");
      String summary = clients.stop();

      assertThat(clients.lines).as("failed connections").filteredOn(l -> l.startsWith("fail")).isEmpty();
      assertThat(summary).matches("done ok=\\d+ fail=0");
      assertThat(clients.count("ok"::equals)).isGreaterThanOrEqualTo(300);
      assertThat(during).as("connections made while the applies ran").isGreaterThanOrEqualTo(APPLIES);
    }
    assertThat(agent.plan(without).path("operations")).as("plan after the last apply").isEmpty();
  }
}
