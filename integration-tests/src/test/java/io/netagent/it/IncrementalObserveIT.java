package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Operation;
import io.netagent.plan.Planner;
import io.netagent.reconcile.Reconciler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the daemon reads after a notification (only the links the notifications named, in the
 * host; only the namespaces they came from) is what a whole read shows: after each change made
 * from outside with {@code ip} and {@code bridge}, {@link NetlinkKernel#observe} with
 * {@link Scope#changes} and with {@link Scope#whole} must give the same state, and a reconcile from the incremental
 * view must leave nothing to do in the whole one. Traffic between the containers (learnt FDB
 * entries, ARP) runs throughout, as noise the incremental read must neither miss a change in nor
 * be confused by.
 */
@ExtendWith(LabExtension.class)
class IncrementalObserveIT {
  private static final String GATEWAY = "10.209.0.1";

  private Lab lab;
  private Path stateDir;
  private NetlinkKernel kernel;
  private DesiredState desired;
  private String bridge;
  private final List<String> steps = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    stateDir = Files.createTempDirectory("netagent-incremental-" + lab.id + "-");
    bridge = lab.id + "br";
    StringBuilder yaml = new StringBuilder("""
        networks:
          - name: lab
            bridge: %s
            subnet: 10.209.0.0/24
            gateway: %s
            masquerade: true
            arpProxy: [ { ip: 10.209.0.50, mac: "02:42:0a:d1:00:32" } ]
        containers:
        """.formatted(bridge, GATEWAY));
    for (int i = 1; i <= 3; i++) {
      yaml.append("  - { name: c%d, network: lab, namespace: %s, createNamespace: true, hostInterface: %s, ip: 10.209.0.%d, ports: [ { host: %d, container: 80 } ] }\n"
          .formatted(i, lab.ns("c" + i), hostIf(i), 10 + i, 8080 + i));
    }
    desired = ConfigLoader.parse("incremental.yaml", yaml.toString(), false).state();
    kernel = NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host));
    new Reconciler(kernel).apply(desired, op -> {});
    kernel.watch(watched(), e -> {});
    // The first read after watching reads everything; from then on reads are incremental.
    kernel.observe(Scope.changes(desired.namespaces()));
  }

  @AfterEach
  void tearDown() {
    try {
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      Sh.run("rm", "-rf", stateDir.toString());
    }
  }

  private Set<NamespaceRef> watched() {
    Set<NamespaceRef> namespaces = new java.util.TreeSet<>(desired.namespaces());
    namespaces.add(NamespaceRef.HOST);
    return namespaces;
  }

  private String hostIf(int i) {
    return "v" + lab.id + i;
  }

  private String container(int i) {
    return lab.ns("c" + i);
  }

  @Test
  void anIncrementalReadSeesEveryChangeAWholeReadSees() {
    traffic();
    change("an address on the bridge", lab.host, "ip", "addr", "add", "10.209.9.1/24", "dev", bridge);
    change("a container's permanent neighbour entry deleted", lab.host, "ip", "neigh", "del", "10.209.0.11", "dev", bridge);
    change("a neighbour entry changed", lab.host, "ip", "neigh", "replace", "10.209.0.50", "lladdr", "02:42:0a:d1:00:99", "dev", bridge,
        "nud", "permanent");
    change("a static FDB entry deleted", lab.host, "bridge", "fdb", "del", mac(2), "dev", hostIf(2), "master", "static");
    traffic();
    change("a host end down", lab.host, "ip", "link", "set", hostIf(3), "down");
    change("a host end's MTU", lab.host, "ip", "link", "set", hostIf(1), "mtu", "1400");
    change("a port taken off the bridge", lab.host, "ip", "link", "set", hostIf(2), "nomaster");
    change("proxy-ARP off on a port", lab.host, "ip", "link", "set", hostIf(1), "type", "bridge_slave", "proxy_arp", "off");
    change("a route through the bridge", lab.host, "ip", "route", "add", "10.210.0.0/16", "via", "10.209.0.12", "dev", bridge);
    change("a link of someone else's", lab.host, "ip", "link", "add", lab.id + "x", "type", "bridge");
    change("a container's address removed", container(1), "ip", "addr", "flush", "dev", "eth0");
    change("a container's default route removed", container(2), "ip", "route", "del", "default");
    change("a host end deleted, and with it its peer", lab.host, "ip", "link", "del", hostIf(3));
    traffic();
    change("the bridge's address removed", lab.host, "ip", "addr", "del", GATEWAY + "/24", "dev", bridge);
    change("the bridge deleted", lab.host, "ip", "link", "del", bridge);
  }

  /**
   * Makes one change from outside, then checks that the incremental read equals a whole read,
   * repairs as the daemon does (incrementally), and checks that a whole read then shows nothing
   * left to do.
   */
  private void change(String what, String ns, String... command) {
    lab.ok(ns, command);
    steps.add(what);
    ObservedState incremental = kernel.observe(Scope.changes(desired.namespaces()));
    ObservedState whole = kernel.observe(Scope.whole(desired.namespaces()));
    assertThat(DifferentialIT.render(incremental)).as("after %s", steps).isEqualTo(DifferentialIT.render(whole));

    // The repair's own verifying read is incremental too: it must see what the repair did.
    new Reconciler(kernel).apply(desired, Scope.Extent.CHANGES, op -> {});
    List<Operation> left = Planner.plan(desired, kernel.observe(Scope.whole(desired.namespaces()))).operations();
    assertThat(left).as("repaired from the incremental view after %s", steps).isEmpty();
    kernel.watch(watched(), e -> {});
  }

  /** Connections between the containers: the bridge learns and refreshes FDB entries, ARP entries come and go. */
  private void traffic() {
    for (int from = 1; from <= 3; from++) {
      for (int to = 1; to <= 3; to++) {
        if (from != to) {
          lab.in(container(from), "ping", "-c", "1", "-W", "1", "10.209.0." + (10 + to));
        }
      }
    }
  }

  private String mac(int i) {
    return desired.containers().get(i - 1).veth().container().mac().toString();
  }
}
