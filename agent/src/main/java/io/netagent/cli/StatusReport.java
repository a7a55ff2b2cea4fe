package io.netagent.cli;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.operations.AddRoute;
import io.netagent.operations.CreateBridge;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.CreateVethPair;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Operation;
import io.netagent.operations.Reason;
import io.netagent.operations.RemoveNeighbour;
import io.netagent.operations.RemoveRoute;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetNeighbour;
import io.netagent.operations.SetSysctl;
import io.netagent.plan.Conflict;
import io.netagent.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of each declared object, from the plan that would converge it: converged (nothing
 * to do), missing (it would be created), differs (it would be changed), blocked (a conflict).
 */
final class StatusReport {
  static final String NAT = "nat table";
  static final String HOST = "host settings";
  static final String UNDECLARED = "not declared";

  /** One object's state and the plan lines behind it. */
  record Entry(String object, String label, String state, List<String> details) {}

  private final DesiredState desired;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private StatusReport(DesiredState desired) {
    this.desired = desired;
  }

  static List<Entry> of(DesiredState desired, Plan plan) {
    StatusReport report = new StatusReport(desired);
    for (Network n : desired.networks()) {
      report.entries.put("network " + n.name(), new Entry("network " + n.name(),
          "network " + n.name() + " (bridge " + n.bridge().name() + ", " + n.bridge().subnet() + ")", "converged", new ArrayList<>()));
    }
    for (Container c : desired.containers()) {
      report.entries.put("container " + c.name(), new Entry("container " + c.name(),
          "container " + c.name() + " (" + c.ip() + " in namespace " + c.namespace().display() + ")", "converged", new ArrayList<>()));
    }
    if (!desired.networks().isEmpty()) {
      report.entries.put(HOST, new Entry(HOST, HOST + " (forwarding)", "converged", new ArrayList<>()));
      report.entries.put(NAT, new Entry(NAT, "nftables table ip netagent", "converged", new ArrayList<>()));
    }
    plan.operations().forEach(report::add);
    plan.conflicts().forEach(report::add);
    return List.copyOf(report.entries.values());
  }

  private void add(Operation op) {
    String owner = ownerOf(op).orElse(UNDECLARED);
    boolean creates = op instanceof CreateBridge || op instanceof CreateVethPair || op instanceof CreateNamespace
        || op instanceof ReplaceNatTable && op.reason() instanceof Reason.Missing;
    mark(owner, creates ? "missing" : "differs", PlanText.line(op));
  }

  private void add(Conflict conflict) {
    String owner = desired.containers().stream()
        .filter(c -> c.namespace().equals(conflict.namespace()) && !(conflict.namespace() instanceof NamespaceRef.Host)
            || conflict.object().equals("link " + c.veth().host().name()))
        .map(c -> "container " + c.name()).findFirst()
        .or(() -> desired.networks().stream().filter(n -> conflict.object().equals("link " + n.bridge().name()))
            .map(n -> "network " + n.name()).findFirst())
        .orElse(UNDECLARED);
    mark(owner, "blocked", "! " + conflict);
  }

  /** Worse states win: blocked over missing over differs over converged. */
  private void mark(String owner, String state, String detail) {
    Entry entry = entries.computeIfAbsent(owner, o -> new Entry(o, o, "differs", new ArrayList<>()));
    List<String> order = List.of("converged", "differs", "missing", "blocked");
    String worse = order.indexOf(state) > order.indexOf(entry.state()) ? state : entry.state();
    entry.details().add(detail);
    entries.put(owner, new Entry(entry.object(), entry.label(), worse, entry.details()));
  }

  /** The declared object an operation works on, by the links, namespace, address or MAC it touches. */
  private Optional<String> ownerOf(Operation op) {
    if (op instanceof ReplaceNatTable || op instanceof DeleteNatTable) {
      return desired.networks().isEmpty() ? Optional.empty() : Optional.of(NAT);
    }
    if (op instanceof SetSysctl) {
      return Optional.of(HOST);
    }
    if (op instanceof CreateNamespace || op instanceof DeleteNamespace || op instanceof AddRoute || op instanceof RemoveRoute) {
      return byNamespace(op.namespace());
    }
    if (op instanceof SetNeighbour n) {
      return byIp(n.neighbour().link(), n.neighbour().ip());
    }
    if (op instanceof RemoveNeighbour n) {
      return byIp(n.neighbour().link(), n.neighbour().ip());
    }
    return op.link().flatMap(l -> byLink(op.namespace(), l));
  }

  private Optional<String> byNamespace(NamespaceRef ns) {
    return desired.containers().stream().filter(c -> c.namespace().equals(ns)).map(c -> "container " + c.name()).findFirst();
  }

  private Optional<String> byLink(NamespaceRef ns, InterfaceName link) {
    if (ns instanceof NamespaceRef.Host) {
      return desired.networks().stream().filter(n -> n.bridge().name().equals(link)).map(n -> "network " + n.name()).findFirst()
          .or(() -> desired.containers().stream().filter(c -> c.veth().host().name().equals(link)).map(c -> "container " + c.name())
              .findFirst());
    }
    return desired.containers().stream().filter(c -> c.namespace().equals(ns) && c.veth().container().name().equals(link))
        .map(c -> "container " + c.name()).findFirst();
  }

  private Optional<String> byIp(InterfaceName bridge, io.netagent.model.Ipv4Address ip) {
    return desired.containers().stream()
        .filter(c -> c.ip().equals(ip) && desired.network(c.network()).map(n -> n.bridge().name().equals(bridge)).orElse(false))
        .map(c -> "container " + c.name()).findFirst()
        .or(() -> desired.networks().stream().filter(n -> n.bridge().name().equals(bridge)).map(n -> "network " + n.name()).findFirst());
  }
}
