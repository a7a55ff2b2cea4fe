package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static io.netagent.it.NatTraffic.REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hand edits of netagent's table are drift: the plan names them, and the next apply puts the
 * table back exactly as it was (its listing, less handles, equal to the one before) and traffic
 * flows as declared again.
 */
@ExtendWith(LabExtension.class)
class NatDriftIT {
  private Lab lab;
  private Agent agent;
  private String outside;
  private Path config;
  private JsonNode original;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
    config = lab.config(NatConfig.yaml(lab, "10.216.0", "", NatConfig.container(lab, "c1", "10.216.0.11",
        "ports: [ { host: 8080, container: 80 }, { host: 5353, container: 53, protocol: udp, hostIp: 192.0.2.1 } ]")));
    agent.ok("apply", "-c", config.toString());
    NatTraffic.tcpServer(lab, lab.ns("c1"), 80, "echo c1");
    original = table();
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).isEqualTo(REPLY + "c1");
  }

  private JsonNode table() {
    return NatTraffic.listing(lab, "ip", "netagent", true);
  }

  /** The plan's operation on the NAT table; fails unless there is exactly one operation and it is that one. */
  private JsonNode natOperation() {
    JsonNode ops = agent.plan(config).path("operations");
    assertThat(ops).as("plan operations").hasSize(1);
    JsonNode op = ops.get(0);
    assertThat(op.path("object").asText()).isEqualTo("nftables table ip netagent");
    return op;
  }

  /** What {@code status} says of the NAT table. */
  private String natStatus() {
    for (JsonNode o : Lab.json(agent.ok("status", "-c", config.toString(), "-o", "json")).path("objects")) {
      if (o.path("object").asText().equals("nat table")) {
        return o.path("state").asText();
      }
    }
    throw new AssertionError("status lists no nat table");
  }

  private static List<String> changes(JsonNode op) {
    List<String> texts = new ArrayList<>();
    op.path("changes").forEach(c -> texts.add(c.path("action").asText() + " " + c.path("text").asText()));
    return texts;
  }

  private void applyRestores() {
    String out = agent.ok("apply", "-c", config.toString());
    assertThat(out).contains("nftables table ip netagent", "the kernel matches the configuration");
    assertThat(table()).as("the table after apply, as listed before the drift").isEqualTo(original);
    assertThat(agent.plan(config).path("operations")).as("plan after apply").isEmpty();
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).as("outside → 8080 after apply").isEqualTo(REPLY + "c1");
    assertThat(natStatus()).as("status of the NAT table after apply").isEqualTo("converged");
  }

  @Test
  void aDeletedTableIsPlannedAsMissingAndRestored() {
    lab.ok(lab.host, "nft", "delete", "table", "ip", "netagent");
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).as("outside → 8080 without the table").startsWith("error ");

    JsonNode op = natOperation();
    assertThat(op.path("action").asText()).isEqualTo("create");
    assertThat(op.path("type").asText()).isEqualTo("replace-nat-table");
    assertThat(op.path("reason").path("kind").asText()).isEqualTo("missing");
    assertThat(natStatus()).as("status of the deleted NAT table").isEqualTo("missing");
    assertThat(changes(op)).contains("create map tcp 8080 → 10.216.0.11:80", "create map udp 192.0.2.1:5353 → 10.216.0.11:53");

    applyRestores();
  }

  @Test
  void aRuleAddedByHandIsReportedAndRemoved() {
    lab.ok(lab.host, "nft", "add rule ip netagent portmap tcp dport 9999 dnat to 10.216.0.11:80");
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 9999)).as("the hand-made rule works").isEqualTo(REPLY + "c1");

    JsonNode op = natOperation();
    assertThat(op.path("action").asText()).isEqualTo("change");
    assertThat(op.path("reason").path("kind").asText()).isEqualTo("differs");
    assertThat(changes(op)).anySatisfy(c -> assertThat(c).startsWith("change changed outside netagent").contains("portmap"));
    assertThat(natStatus()).as("status of the NAT table with a rule added by hand").isEqualTo("differs");

    applyRestores();
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 9999)).as("outside → 9999 once the hand-made rule is gone").startsWith("error ");
  }

  @Test
  void aRuleDeletedByHandIsReportedAndRestored() {
    JsonNode listing = lab.nft(lab.host, "-a", "list", "chain", "ip", "netagent", "prerouting");
    String handle = null;
    for (JsonNode item : listing.path("nftables")) {
      if (item.has("rule")) {
        handle = item.path("rule").path("handle").asText();
      }
    }
    assertThat(handle).as("the prerouting rule's handle").isNotNull();
    lab.ok(lab.host, "nft", "delete", "rule", "ip", "netagent", "prerouting", "handle", handle);
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).as("outside → 8080 without the prerouting rule").startsWith("error ");

    JsonNode op = natOperation();
    assertThat(op.path("action").asText()).isEqualTo("change");
    assertThat(changes(op)).anySatisfy(c -> assertThat(c).startsWith("change changed outside netagent").contains("prerouting"));

    applyRestores();
  }

  @Test
  void mapElementsAddedByHandAreReportedAndRemoved() {
    lab.ok(lab.host, "nft", "add element ip netagent any_addr { tcp . 9997 : 10.216.0.11 }; add element ip netagent any_port { tcp . 9997 : 80 }");
    lab.ok(lab.host, "nft", "add element ip netagent any_addr { tcp . 9998 : 10.216.0.11 }");
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 9997)).as("the hand-made mapping works").isEqualTo(REPLY + "c1");

    JsonNode op = natOperation();
    assertThat(op.path("action").asText()).isEqualTo("change");
    assertThat(changes(op)).contains("delete map tcp 9997 → 10.216.0.11:80")
        .anySatisfy(c -> assertThat(c).startsWith("change changed outside netagent").contains("9998"));

    applyRestores();
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 9997)).as("outside → 9997 once the hand-made mapping is gone").startsWith("error ");
  }

  @Test
  void aChainPolicyChangedByHandIsReportedAndRestored() {
    lab.ok(lab.host, "nft", "add chain ip netagent forward { type filter hook forward priority -10; policy drop; }");
    assertThat(lab.ok(lab.host, "nft", "list", "chain", "ip", "netagent", "forward")).contains("policy drop");

    JsonNode op = natOperation();
    assertThat(op.path("action").asText()).isEqualTo("change");
    assertThat(changes(op)).anySatisfy(c -> assertThat(c).startsWith("change changed outside netagent").contains("forward"));

    applyRestores();
    assertThat(lab.ok(lab.host, "nft", "list", "chain", "ip", "netagent", "forward")).contains("policy accept");
  }
}
