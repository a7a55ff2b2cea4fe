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
 * apply builds a network with several containers, checked from outside with {@code ip -j}
 * and real traffic; a second apply changes nothing; down removes everything netagent owns and
 * nothing else.
 */
@ExtendWith(LabExtension.class)
class ApplyAndDownIT {
  private static final int GROUP = 0x4e4147;

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
          - name: lab
            bridge: %1$s
            subnet: 10.201.0.0/24
            gateway: 10.201.0.1
            mac: "02:42:0a:c9:00:01"
            arpProxy:
              - { ip: 10.201.0.50, mac: "02:42:0a:c9:00:32" }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: v%4$s1, ip: 10.201.0.11, mac: "02:42:0a:c9:00:0b" }
          - { name: c2, network: lab, namespace: %3$s, createNamespace: true, hostInterface: v%4$s2, ip: 10.201.0.12 }
          - { name: c3, network: lab, namespace: %5$s, hostInterface: v%4$s3, interface: eth7, ip: 10.201.0.13, mtu: 1400 }
        """.formatted(bridge, lab.ns("c1"), lab.ns("c2"), lab.id, lab.ns("c3")));
  }

  private JsonNode link(String ns, String name) {
    JsonNode links = lab.ip(ns, "-d", "link", "show", "dev", name);
    assertThat(links).as("link %s in %s", name, ns).hasSize(1);
    return links.get(0);
  }

  @Test
  void applyBuildsWhatIsDeclaredAndDownRemovesOnlyWhatNetagentOwns() {
    // Foreign objects, made with ip, that netagent must never touch.
    Sh.ok("ip", "-n", lab.host, "link", "add", "f" + lab.id, "type", "bridge");
    Sh.ok("ip", "-n", lab.host, "link", "add", "fv" + lab.id, "type", "veth", "peer", "name", "fp" + lab.id);
    Sh.ok("ip", "-n", lab.host, "link", "set", "fv" + lab.id, "master", "f" + lab.id);
    String foreignBefore = lab.ip(lab.host, "link", "show", "dev", "f" + lab.id).toString() + lab.ip(lab.host, "link", "show", "dev", "fv" + lab.id);

    String out = agent.ok("apply", "-c", config.toString());
    assertThat(out).contains("Applied ", "the kernel matches the configuration");

    JsonNode br = link(lab.host, bridge);
    assertThat(br.path("linkinfo").path("info_kind").asText()).isEqualTo("bridge");
    assertThat(br.path("address").asText()).isEqualTo("02:42:0a:c9:00:01");
    assertThat(br.path("mtu").asInt()).isEqualTo(1500);
    assertThat(br.path("flags").toString()).contains("\"UP\"");
    assertThat(br.path("ifalias").asText()).isEqualTo("netagent:lab");
    assertThat(br.path("group").asText()).isIn(String.valueOf(GROUP), "0x" + Integer.toHexString(GROUP));
    JsonNode brAddr = lab.ip(lab.host, "addr", "show", "dev", bridge).get(0).path("addr_info");
    assertThat(brAddr.toString()).contains("\"local\":\"10.201.0.1\"", "\"prefixlen\":24");

    String[][] containers = {{"1", "eth0", "10.201.0.11", "1500"}, {"2", "eth0", "10.201.0.12", "1500"}, {"3", "eth7", "10.201.0.13", "1400"}};
    List<String> containerMacs = new ArrayList<>();
    for (String[] c : containers) {
      String ns = lab.ns("c" + c[0]);
      JsonNode hostEnd = link(lab.host, "v" + lab.id + c[0]);
      assertThat(hostEnd.path("linkinfo").path("info_kind").asText()).isEqualTo("veth");
      assertThat(hostEnd.path("master").asText()).isEqualTo(bridge);
      assertThat(hostEnd.path("mtu").asInt()).isEqualTo(Integer.parseInt(c[3]));
      assertThat(hostEnd.path("flags").toString()).contains("\"UP\"");
      assertThat(hostEnd.path("ifalias").asText()).isEqualTo("netagent:lab/c" + c[0]);
      JsonNode port = hostEnd.path("linkinfo").path("info_slave_data");
      assertThat(port.path("proxy_arp").asBoolean()).as("proxy_arp on %s", hostEnd.path("ifname")).isTrue();
      assertThat(port.path("hairpin").asBoolean()).as("hairpin on %s", hostEnd.path("ifname")).isTrue();

      JsonNode ctrEnd = link(ns, c[1]);
      assertThat(ctrEnd.path("mtu").asInt()).isEqualTo(Integer.parseInt(c[3]));
      assertThat(ctrEnd.path("flags").toString()).contains("\"UP\"");
      containerMacs.add(ctrEnd.path("address").asText());
      JsonNode addr = lab.ip(ns, "addr", "show", "dev", c[1]).get(0).path("addr_info");
      assertThat(addr.toString()).contains("\"local\":\"" + c[2] + "\"", "\"prefixlen\":24");
      JsonNode routes = lab.ip(ns, "route", "show", "default");
      assertThat(routes).hasSize(1);
      assertThat(routes.get(0).path("gateway").asText()).isEqualTo("10.201.0.1");
      assertThat(routes.get(0).path("dev").asText()).isEqualTo(c[1]);
    }
    assertThat(containerMacs.get(0)).isEqualTo("02:42:0a:c9:00:0b");

    JsonNode neighbours = lab.ip(lab.host, "neigh", "show", "dev", bridge, "nud", "permanent");
    assertThat(neighbours.toString()).contains("\"dst\":\"10.201.0.11\"", "\"dst\":\"10.201.0.12\"", "\"dst\":\"10.201.0.13\"",
        "\"dst\":\"10.201.0.50\"", "\"lladdr\":\"02:42:0a:c9:00:32\"");
    String fdb = lab.ok(lab.host, "bridge", "fdb", "show", "br", bridge);
    for (String mac : containerMacs) {
      assertThat(fdb).contains(mac + " dev ");
    }
    assertThat(fdb).contains("02:42:0a:c9:00:32 dev " + bridge);

    assertThat(lab.in(lab.ns("c1"), "ping", "-c", "2", "-W", "2", "10.201.0.12").code()).as("c1 pings c2").isZero();
    assertThat(lab.in(lab.ns("c3"), "ping", "-c", "2", "-W", "2", "10.201.0.11").code()).as("c3 pings c1").isZero();
    assertThat(lab.in(lab.ns("c1"), "ping", "-c", "2", "-W", "2", "10.201.0.1").code()).as("c1 pings the gateway").isZero();

    assertThat(agent.ok("apply", "-c", config.toString())).contains("No changes");
    assertThat(agent.plan(config).path("operations")).isEmpty();

    String down = agent.ok("down", "-c", config.toString());
    assertThat(down).contains("Removed ");

    assertThat(lab.ip(lab.host, "link", "show").toString())
        .doesNotContain("netagent:", "\"group\":\"" + GROUP + "\"", "\"ifname\":\"" + bridge + "\"", "\"ifname\":\"v" + lab.id);
    assertThat(lab.namespaces()).doesNotContain(lab.ns("c1"), lab.ns("c2")).contains(lab.ns("c3"), lab.host);
    assertThat(lab.ip(lab.ns("c3"), "link", "show").toString()).doesNotContain("eth7");
    assertThat(lab.ip(lab.host, "neigh", "show", "nud", "permanent")).isEmpty();
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).doesNotContain("netagent");
    assertThat(lab.ip(lab.host, "link", "show", "dev", "f" + lab.id).toString() + lab.ip(lab.host, "link", "show", "dev", "fv" + lab.id))
        .as("the foreign bridge and veth").isEqualTo(foreignBefore);
  }
}
