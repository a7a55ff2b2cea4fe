package io.netagent.report;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Network;
import io.netagent.model.VethEndpoint;
import io.netagent.plan.Owner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The declared topology as Graphviz DOT, each object drawn in its {@link StatusReport} state: a
 * cluster per network holding its bridge and its containers (an edge from each container to the
 * bridge, labelled with the host end of its veth pair), the host with an edge per published port
 * and family, and what is not converged drawn orange and dashed (red when a conflict blocks it)
 * with the plan lines behind it as its tooltip.
 *
 * <p>Every ID and label is quoted and escaped, and networks and containers come sorted by name,
 * so the same configuration and kernel give the same bytes: a diff of two graphs shows a change.
 */
public final class GraphDot {
  private static final String CONVERGED = "converged";
  private static final String BLOCKED = "blocked";

  private final StringBuilder out = new StringBuilder();
  private final Map<String, StatusReport.Entry> entries = new LinkedHashMap<>();

  private GraphDot(List<StatusReport.Entry> entries) {
    entries.forEach(e -> this.entries.put(e.object(), e));
  }

  /**
   * The DOT document of {@code desired} in the states of {@code entries}, titled {@code title}.
   *
   * @param entries {@link StatusReport#of} of {@code desired} and its plan
   */
  public static String render(DesiredState desired, List<StatusReport.Entry> entries, String title) {
    GraphDot dot = new GraphDot(entries);
    dot.out.append("digraph \"netagent\" {\n");
    dot.out.append("  graph [label=").append(quote(title)).append(" labelloc=\"t\" rankdir=\"LR\" fontname=\"Helvetica\"];\n");
    dot.out.append("  node [shape=\"box\" fontname=\"Helvetica\"];\n");
    dot.out.append("  edge [fontname=\"Helvetica\"];\n");
    String host = Owner.HOST.toString();
    String nat = Owner.NAT_TABLE.toString();
    List<Network> networks = desired.networks().stream().sorted(Comparator.comparing(Network::name)).toList();
    List<Container> containers = desired.containers().stream().sorted(Comparator.comparing(Container::name)).toList();
    for (Network n : networks) {
      dot.network(n, containers.stream().filter(c -> c.network().equals(n.name())).toList());
    }
    // The entries not drawn in a cluster: the host's settings, the NAT table, what is no longer declared.
    Set<String> drawn = new HashSet<>();
    networks.forEach(n -> drawn.add(Owner.network(n.name()).toString()));
    containers.forEach(c -> drawn.add(Owner.container(c.name()).toString()));
    for (StatusReport.Entry e : entries) {
      if (!drawn.contains(e.object())) {
        dot.node("  ", e.object(), List.of(e.label()), e.object(), "ellipse");
      }
    }
    for (Container c : containers) {
      String id = Owner.container(c.name()).toString();
      c.ports().forEach(p -> dot.edge("  ", host, id, p.toString(), nat));
      c.ports6().forEach(p -> dot.edge("  ", host, id, p.toString(), nat));
    }
    dot.out.append("}\n");
    return dot.out.toString();
  }

  private void network(Network n, List<Container> containers) {
    String id = Owner.network(n.name()).toString();
    out.append("  subgraph ").append(quote("cluster_" + n.name())).append(" {\n");
    out.append("    label=").append(quote("network " + n.name())).append(";\n");
    List<String> lines = new ArrayList<>();
    lines.add("bridge " + n.bridge().name());
    n.bridge().ipv4().ifPresent(v4 -> {
      lines.add("gateway " + v4.gateway() + ", subnet " + v4.subnet());
      lines.add("NAT: " + n.bridge().nat().sourceNat());
    });
    n.bridge().ipv6().ifPresent(v6 -> {
      lines.add("gateway6 " + v6.gateway() + ", subnet6 " + v6.subnet());
      lines.add("NAT6: " + v6.sourceNat());
    });
    lines.add(n.isolated() ? "isolated" : "not isolated");
    node("    ", id, lines, id, "box");
    for (Container c : containers) {
      VethEndpoint end = c.veth().container();
      List<String> facts = new ArrayList<>();
      facts.add("container " + c.name());
      facts.add("namespace " + c.namespace().display() + ", interface " + end.name());
      c.ipv4().ifPresent(a -> facts.add("ip " + a));
      c.ipv6().ifPresent(a -> facts.add("ip6 " + a));
      facts.add("MAC " + end.mac());
      String container = Owner.container(c.name()).toString();
      node("    ", container, facts, container, "box");
      edge("    ", container, id, c.veth().host().name().toString(), container);
    }
    out.append("  }\n");
  }

  /** A node with {@code lines} as its label, and the state of {@code object} appended when it is not converged. */
  private void node(String indent, String id, List<String> lines, String object, String shape) {
    StatusReport.Entry entry = entries.get(object);
    List<String> label = new ArrayList<>(lines);
    if (entry != null && !entry.state().equals(CONVERGED)) {
      label.add("(" + entry.state() + ")");
    }
    out.append(indent).append(quote(id)).append(" [shape=").append(quote(shape)).append(" label=")
        .append(label.stream().map(GraphDot::escape).collect(Collectors.joining("\\n", "\"", "\""))).append(style(entry)).append("];\n");
  }

  /**
   * An edge drawn as the object that owns it: a veth pair is its container's, a published port the
   * NAT table's (which holds the mappings). The why stays on the object's node.
   */
  private void edge(String indent, String from, String to, String label, String object) {
    out.append(indent).append(quote(from)).append(" -> ").append(quote(to)).append(" [label=").append(quote(label))
        .append(look(entries.get(object))).append("];\n");
  }

  /** The node's look, and the plan lines behind its state as its tooltip. */
  private static String style(StatusReport.Entry entry) {
    if (entry == null || entry.state().equals(CONVERGED)) {
      return "";
    }
    return look(entry) + " tooltip=" + entry.details().stream().map(GraphDot::escape).collect(Collectors.joining("\\n", "\"", "\""));
  }

  private static String look(StatusReport.Entry entry) {
    if (entry == null || entry.state().equals(CONVERGED)) {
      return "";
    }
    return entry.state().equals(BLOCKED) ? " color=\"red\"" : " color=\"orange\" style=\"dashed\"";
  }

  /** {@code text} as a DOT quoted string. */
  static String quote(String text) {
    return "\"" + escape(text) + "\"";
  }

  /**
   * {@code text} made safe inside a DOT quoted string: a backslash or a quote is escaped, and a line
   * break becomes DOT's {@code \n}. Escaping the backslash also keeps Graphviz from reading
   * {@code \N}, {@code \G} or {@code \l} in a name as its own escapes.
   */
  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "\\n");
  }
}
