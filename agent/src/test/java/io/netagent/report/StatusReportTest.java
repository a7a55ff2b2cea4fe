package io.netagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.Reason;
import io.netagent.operations.SetMtu;
import io.netagent.reconcile.Reconciler;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private static final String CONFIG = """
      networks:
        - { name: default, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1 }
      containers:
        - { name: web, network: default, namespace: web, createNamespace: true, ip: 10.88.0.2 }
        - { name: db, network: default, namespace: db, createNamespace: true, ip: 10.88.0.3 }
      """;

  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);

  @Test
  void onAnEmptyKernelEveryDeclaredObjectIsMissing() {
    assertThat(states(CONFIG)).containsExactly("network default: missing", "container web: missing", "container db: missing",
        "host settings: differs", "nat table: missing");
  }

  @Test
  void eachChangeCountsForTheObjectItBelongsTo() {
    reconciler.apply(load(CONFIG), op -> {});
    kernel.apply(new SetMtu(NamespaceRef.HOST, InterfaceName.of("nbr0"), 1400, Reason.MISSING));
    kernel.apply(new SetMtu(new NamespaceRef.Named("db"), InterfaceName.of("eth0"), 1400, Reason.MISSING));

    List<StatusReport.Entry> entries = StatusReport.of(load(CONFIG), reconciler.plan(load(CONFIG)));

    assertThat(entries).extracting(e -> e.object() + ": " + e.state()).containsExactly("network default: differs",
        "container web: converged", "container db: differs", "host settings: converged", "nat table: converged");
    assertThat(entries.get(0).details()).containsExactly("~ link nbr0: set mtu 1500  (mtu was 1400, wants 1500)");
    assertThat(entries.get(2).details()).containsExactly("~ link db/eth0: set mtu 1500  (mtu was 1400, wants 1500)");
  }

  @Test
  void whatIsNoLongerDeclaredAndWhatIsBlockedAreShownApart() {
    reconciler.apply(load(CONFIG), op -> {});
    kernel.addDevice(NamespaceRef.HOST, InterfaceName.of("veth-cache"), "dummy", MacAddress.parse("02:ff:00:00:00:01"), 1500);
    String next = """
        networks:
          - { name: default, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1 }
        containers:
          - { name: web, network: default, namespace: web, createNamespace: true, ip: 10.88.0.2 }
          - { name: cache, network: default, namespace: cache, createNamespace: true, ip: 10.88.0.4 }
        """;

    assertThat(states(next)).containsExactly("network default: differs", "container web: converged", "container cache: blocked",
        "host settings: converged", "nat table: converged", "not declared: differs");
  }

  private List<String> states(String config) {
    return StatusReport.of(load(config), reconciler.plan(load(config))).stream().map(e -> e.object() + ": " + e.state()).toList();
  }

  private static DesiredState load(String yaml) {
    return ConfigLoader.parse("status.yaml", yaml, false).state();
  }

  @Test
  void aDualStackObjectIsLabelledWithBothFamilies() {
    String dual = """
        networks:
          - { name: default, bridge: nbr0, subnet: 10.88.0.0/16, gateway: 10.88.0.1, subnet6: "fd00:88::/64" }
          - { name: six, bridge: nbr6, subnet6: "fd00:6::/64" }
        containers:
          - { name: web, network: default, namespace: web, createNamespace: true, ip: 10.88.0.2 }
          - { name: v6, network: six, namespace: v6, createNamespace: true }
        """;

    assertThat(StatusReport.of(load(dual), reconciler.plan(load(dual)))).extracting(StatusReport.Entry::label).startsWith(
        "network default (bridge nbr0, 10.88.0.0/16, fd00:88::/64)", "network six (bridge nbr6, fd00:6::/64)",
        "container web (10.88.0.2, fd00:88::2 in namespace web)", "container v6 (fd00:6::2 in namespace v6)");
  }
}
