package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * nftables tables netagent does not own are never touched: not by apply, not by a re-apply that
 * replaces netagent's table, not by down. Compared with their listing, handles included (a table
 * deleted and re-created would get new ones), counter values aside.
 */
@ExtendWith(LabExtension.class)
class NatForeignTableIT {
  private Lab lab;
  private Agent agent;

  @BeforeEach
  void setUp() {
    NatTraffic.uplink(lab);
  }

  private Path config(int port) {
    return lab.config(NatConfig.yaml(lab, "10.215.0", "",
        NatConfig.container(lab, "c1", "10.215.0.11", "ports: [ { host: %d, container: 80 } ]".formatted(port))));
  }

  /** Both foreign tables as listed now. */
  private String foreign() {
    return NatTraffic.listing(lab, "ip", "foreign", false).toString() + "\n" + NatTraffic.listing(lab, "inet", "netagent", false);
  }

  @Test
  void applyAndDownLeaveForeignTablesAlone() {
    lab.ok(lab.host, "nft", "add table ip foreign; add chain ip foreign c { type filter hook forward priority 0; policy accept; };"
        + " add rule ip foreign c counter; add chain ip foreign n { type nat hook postrouting priority 100; policy accept; };"
        + " add rule ip foreign n ip saddr 198.51.100.0/24 masquerade");
    // The same name in another family is not netagent's table either.
    lab.ok(lab.host, "nft", "add table inet netagent; add chain inet netagent c { type filter hook input priority 0; policy accept; };"
        + " add rule inet netagent c tcp dport 22 counter accept");
    String before = foreign();
    assertThat(before).contains("\"counter\"", "\"masquerade\"", "\"dport\"");

    agent.ok("apply", "-c", config(8080).toString());
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).contains("table ip netagent", "table ip foreign", "table inet netagent");
    assertThat(foreign()).as("foreign tables after apply").isEqualTo(before);
    assertThat(lab.in(lab.ns("c1"), "ping", "-c", "2", "-W", "2", NatTraffic.OUTSIDE_IP).code()).as("c1 pings outside through the foreign forward chain").isZero();
    JsonNode counted = lab.nft(lab.host, "list", "table", "ip", "foreign");
    assertThat(counted.toString()).as("the foreign table's counter saw the forwarded traffic").containsPattern("\"packets\":[1-9]");

    JsonNode plan = agent.plan(config(8080));
    assertThat(plan.path("operations")).as("no operation for foreign tables").isEmpty();

    agent.ok("apply", "-c", config(8081).toString());
    assertThat(foreign()).as("foreign tables after a re-apply that replaced netagent's table").isEqualTo(before);

    agent.ok("down", "-c", config(8081).toString());
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).doesNotContain("table ip netagent").contains("table ip foreign", "table inet netagent");
    assertThat(foreign()).as("foreign tables after down").isEqualTo(before);
  }
}
