package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netagent graph} against the live kernel, rendered by Graphviz as the README shows: after
 * someone deletes one container's veth pair, that container is drawn as differing and nothing
 * else is.
 */
@ExtendWith(LabExtension.class)
class GraphIT {
  private Lab lab;
  private Agent agent;

  @TempDir
  Path dir;

  @Test
  void aContainerWhoseVethWasDeletedIsDrawnAsDifferingAndGraphvizRendersTheGraph() throws Exception {
    String bridge = "b" + lab.id;
    Path config = lab.config("""
        networks:
          - { name: lab, bridge: %1$s, subnet: 10.212.0.0/24, gateway: 10.212.0.1, subnet6: "fd00:212::/64" }
        containers:
          - name: c1
            network: lab
            namespace: %2$s
            createNamespace: true
            hostInterface: v%4$s1
            ip: 10.212.0.11
            ip6: "fd00:212::11"
            ports:
              - { host: 8080, container: 80 }
          - { name: c2, network: lab, namespace: %3$s, createNamespace: true, hostInterface: v%4$s2, ip: 10.212.0.12, ip6: "fd00:212::12" }
        """.formatted(bridge, lab.ns("c1"), lab.ns("c2"), lab.id));
    agent.ok("apply", "-c", config.toString());
    assertThat(lines(agent.ok("graph", "--kernel", "live", "-c", config.toString()))).as("converged").noneMatch(l -> l.contains("color="));

    lab.ok(lab.host, "ip", "link", "del", "v" + lab.id + "2");
    String dot = agent.ok("graph", "--kernel", "live", "-c", config.toString());

    Processes.Result svg = Processes.run(dir, List.of("dot", "-Tsvg"), Map.of(), dot);
    assertThat(svg.code()).as(svg.err()).isZero();
    assertThat(svg.out()).contains("<svg", "container c1", "container c2", "bridge " + bridge, "v" + lab.id + "1", "tcp 8080 → 10.212.0.11:80",
        "tcp 8080 → [fd00:212::11]:80");
    List<String> lines = lines(dot);
    assertThat(lines).filteredOn(l -> l.startsWith("    \"container c2\" ["))
        .singleElement().asString().contains("color=\"orange\" style=\"dashed\"", "\\n(missing)\"", "veth pair v" + lab.id + "2");
    assertThat(lines).filteredOn(l -> l.startsWith("    \"container c2\" -> ")).singleElement().asString().contains("color=\"orange\"");
    assertThat(lines).filteredOn(l -> l.contains("color=")).as("only c2 differs").allMatch(l -> l.startsWith("    \"container c2\" "));
  }

  private static List<String> lines(String dot) {
    assertThat(dot).startsWith("digraph \"netagent\" {\n").endsWith("}\n");
    return dot.lines().toList();
  }
}
