package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.reconcile.Reconciler;
import org.junit.jupiter.api.Test;

/** A NAT change that touches only published ports is an update of the maps; any other replaces the table. */
class NatMapsOnlyTest {
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1%s }
      containers:
        - { name: a, network: n, namespace: a, ip: 10.9.0.2, ports: [ { host: %d, container: 80 } ] }
      """;

  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);

  private static DesiredState config(String networkExtra, int port) {
    return ConfigLoader.parse("test.yaml", CONFIG.formatted(networkExtra, port), false).state();
  }

  private ReplaceNatTable natStep(DesiredState desired) {
    return reconciler.plan(desired).operations().stream().filter(ReplaceNatTable.class::isInstance).map(ReplaceNatTable.class::cast)
        .findFirst().orElseThrow();
  }

  @Test
  void onlyPortsDifferAndTheOperationSaysWhatTheKernelHolds() {
    kernel.addNamespace(new NamespaceRef.Named("a"));
    DesiredState first = config("", 8080);
    reconciler.apply(first, op -> {});

    ReplaceNatTable step = natStep(config("", 9090));

    assertThat(step.mapsOnly()).isEqualTo(reconciler.lastObserved().nat());
    assertThat(step.change()).isEqualTo("update port maps atomically");
  }

  @Test
  void anotherSourceNatOrNoTableAtAllReplacesTheWholeTable() {
    kernel.addNamespace(new NamespaceRef.Named("a"));
    assertThat(natStep(config("", 8080)).mapsOnly()).as("no table yet").isEmpty();
    reconciler.apply(config("", 8080), op -> {});

    ReplaceNatTable step = natStep(config(", masquerade: false", 8080));

    assertThat(step.mapsOnly()).isEmpty();
    assertThat(step.change()).isEqualTo("replace atomically");
  }

  @Test
  void anotherIsolationReplacesTheWholeTableAndSaysSo() {
    kernel.addNamespace(new NamespaceRef.Named("a"));
    reconciler.apply(config("", 8080), op -> {});

    ReplaceNatTable step = natStep(config(", isolate: false", 8080));

    assertThat(step.mapsOnly()).isEmpty();
    assertThat(step.changes()).extracting(Object::toString)
        .containsExactly("~ masquerade 10.9.0.0/24 leaving by any interface but br0, not isolated (was masquerade 10.9.0.0/24, isolated)");
    assertThat(reconciler.apply(config(", isolate: false", 8080), op -> {}).operations()).as("applied").isNotEmpty();
    assertThat(reconciler.lastObserved().nat().orElseThrow().networks()).singleElement()
        .satisfies(n -> assertThat(n.isolated()).as("isolated, as the kernel holds it").isFalse());
  }
}
