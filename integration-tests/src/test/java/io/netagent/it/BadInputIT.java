package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A configuration that is valid on paper but cannot be applied to this kernel — a namespace
 * path that does not exist, a path that is not a network namespace, a bridge name another link
 * holds as an alternative name — is refused with a message naming the culprit, and nothing in
 * the kernel changes.
 */
@ExtendWith(LabExtension.class)
class BadInputIT {
  private Lab lab;
  private Agent agent;
  private String bridge;

  @BeforeEach
  void setUp() {
    bridge = "b" + lab.id;
  }

  /** A network and two containers: c1's namespace netagent may create, c2's is {@code c2Namespace}. */
  private Path config(String c2Namespace) {
    return lab.config("""
        networks:
          - { name: lab, bridge: %1$s, subnet: 10.213.0.0/24, gateway: 10.213.0.1 }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: v%3$s1, ip: 10.213.0.11 }
          - { name: c2, network: lab, namespace: "%4$s", hostInterface: v%3$s2, ip: 10.213.0.12 }
        """.formatted(bridge, lab.ns("c1"), lab.id, c2Namespace));
  }

  /** What netagent could have changed: the lab's namespaces, and the host namespace's links, addresses, routes, neighbours and nftables. */
  private String kernelSnapshot() {
    return String.join("\n",
        "namespaces " + lab.namespaces(),
        "links " + lab.ip(lab.host, "-d", "link", "show"),
        "addresses " + lab.ip(lab.host, "addr", "show"),
        "routes " + lab.ip(lab.host, "route", "show", "table", "all"),
        "neighbours " + lab.ip(lab.host, "neigh", "show"),
        "nft " + lab.ok(lab.host, "nft", "list", "ruleset"));
  }

  /** The names of the host namespace's links in netagent's link group ({@code ip -j} prints an empty object per link it filters out). */
  private List<String> linksInNetagentsGroup() {
    List<String> names = new ArrayList<>();
    for (JsonNode link : lab.ip(lab.host, "link", "show", "group", "5128519")) {
      if (link.has("ifname")) {
        names.add(link.path("ifname").asText());
      }
    }
    return names;
  }

  private void assertNothingOfNetagentExists() {
    assertThat(lab.namespaces()).as("namespaces of the lab").containsExactly(lab.host);
    assertThat(linksInNetagentsGroup()).as("links in netagent's group").isEmpty();
    assertThat(lab.ip(lab.host, "link", "show").toString()).doesNotContain("netagent:", "\"ifname\":\"" + bridge + "\"");
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).as("nftables tables").doesNotContain("netagent");
  }

  @Test
  void aNamespacePathThatDoesNotExistIsAConflictAndNothingIsChanged() {
    Path missing = Path.of("/run/netagent-" + lab.id + "-missing", "net");
    Path config = config(missing.toString());
    String before = kernelSnapshot();

    Processes.Result plan = agent.run("plan", "--kernel", "live", "-c", config.toString(), "-o", "json");
    assertThat(plan.code()).as("plan blocked by a conflict\n%s", plan.err()).isEqualTo(1);
    JsonNode json = Lab.json(plan.out());
    assertThat(json.path("conflicts")).as("conflicts").hasSize(1);
    JsonNode conflict = json.path("conflicts").get(0);
    assertThat(conflict.path("namespace").asText()).isEqualTo(missing.toString());
    assertThat(conflict.path("object").asText()).isEqualTo("namespace " + missing);
    assertThat(conflict.path("message").asText()).contains("does not exist");
    assertThat(json.path("summary").path("blocked").asBoolean()).isTrue();

    Processes.Result apply = agent.run("apply", "-c", config.toString());
    assertThat(apply.code()).as("apply\nstdout: %s\nstderr: %s", apply.out(), apply.err()).isEqualTo(1);
    assertThat(apply.err()).contains("blocked by 1 conflict", "nothing was changed", missing.toString(), "does not exist");
    assertThat(apply.out()).doesNotContainPattern("(?m)^[+~-] ");

    assertThat(kernelSnapshot()).isEqualTo(before);
    assertNothingOfNetagentExists();
    assertThat(missing).as("netagent never creates a namespace given as a path").doesNotExist();
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void aNamespacePathThatIsNotANetworkNamespaceIsRefusedByNameAndNothingIsChanged() throws Exception {
    // A regular file (written through lab.config only so that the lab deletes it; its name ends in .yaml).
    Path notANamespace = lab.config("this regular file is not a network namespace\n");
    Path config = config(notANamespace.toString());
    String before = kernelSnapshot();

    Processes.Result apply = agent.run("apply", "-c", config.toString());
    assertThat(apply.code()).as("apply\nstdout: %s\nstderr: %s", apply.out(), apply.err()).isEqualTo(1);
    assertThat(apply.out()).doesNotContainPattern("(?m)^[+~-] ");
    assertThat(kernelSnapshot()).isEqualTo(before);
    assertNothingOfNetagentExists();
    assertThat(Files.readString(notANamespace)).isEqualTo("this regular file is not a network namespace\n");

    assertThat(apply.err()).as("apply's error names the call, its errno and the file").contains("setns", "EINVAL", notANamespace.toString());
  }

  @Test
  void aBridgeNameHeldAsAnAltnameByAnotherLinkIsAConflictAndNothingIsChanged() {
    lab.addNs("c2");
    Path config = config(lab.ns("c2"));
    // A foreign link holding the bridge's name as an alternative name. It is a veth pair rather
    // than a dummy: this kernel has no dummy driver ("Unknown device type"), and the kind of the
    // holder does not matter to the conflict.
    Sh.ok("ip", "-n", lab.host, "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
    Sh.ok("ip", "-n", lab.host, "link", "property", "add", "dev", "d0", "altname", bridge);
    String before = kernelSnapshot();
    String c2Before = lab.ip(lab.ns("c2"), "-d", "link", "show").toString();

    Processes.Result plan = agent.run("plan", "--kernel", "live", "-c", config.toString(), "-o", "json");
    assertThat(plan.code()).as("plan blocked by a conflict\n%s", plan.err()).isEqualTo(1);
    JsonNode json = Lab.json(plan.out());
    assertThat(json.path("conflicts")).as("conflicts").hasSize(1);
    JsonNode conflict = json.path("conflicts").get(0);
    assertThat(conflict.path("namespace").asText()).isEqualTo("host");
    assertThat(conflict.path("object").asText()).isEqualTo("link " + bridge);
    assertThat(conflict.path("message").asText()).contains("alternative name", "d0");
    assertThat(json.path("summary").path("blocked").asBoolean()).isTrue();
    assertThat(json.path("operations").toString()).as("no operation touches the foreign link").doesNotContain("\"d0\"", " d0 ", "link d0");

    Processes.Result apply = agent.run("apply", "-c", config.toString());
    assertThat(apply.code()).as("apply\nstdout: %s\nstderr: %s", apply.out(), apply.err()).isEqualTo(1);
    assertThat(apply.err()).contains("blocked by 1 conflict", "nothing was changed", "link " + bridge, "d0");
    assertThat(apply.out()).doesNotContainPattern("(?m)^[+~-] ");

    assertThat(kernelSnapshot()).isEqualTo(before);
    assertThat(lab.ip(lab.ns("c2"), "-d", "link", "show").toString()).as("c2's links").isEqualTo(c2Before);
    assertThat(lab.namespaces()).containsExactlyInAnyOrder(lab.host, lab.ns("c2"));
    JsonNode d0 = lab.ip(lab.host, "-d", "link", "show", "dev", "d0").get(0);
    assertThat(d0.path("altnames").toString()).contains("\"" + bridge + "\"");
    assertThat(d0.path("ifalias").isMissingNode()).as("d0 has no alias").isTrue();
    assertThat(d0.path("group").asText()).isEqualTo("default");
    assertThat(d0.path("flags").toString()).doesNotContain("\"UP\"");
    assertThat(linksInNetagentsGroup()).as("links in netagent's group").isEmpty();
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).doesNotContain("netagent");
  }
}
