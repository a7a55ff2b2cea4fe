package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.observed.ObservedState;
import io.netagent.reconcile.PlanBlockedException;
import io.netagent.reconcile.Reconciler;
import org.junit.jupiter.api.Test;

/** A container whose namespace is gone under the daemon's policy: absent, withdrawn, and wired again when it returns. */
class AbsentContainerTest {
  private static final NamespaceRef WEB = new NamespaceRef.Named("web");
  private static final NamespaceRef DB = new NamespaceRef.Named("db");

  private static final String CONFIG = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
      containers:
        - { name: web, network: default, namespace: web, ip: 10.88.0.2, ports: [ { host: 8080, container: 80 } ] }
        - { name: db, network: default, namespace: db, ip: 10.88.0.3, ports: [ { host: 5432, container: 5432 } ] }
      """;

  private final FakeKernel kernel = new FakeKernel();
  private final DesiredState desired = ConfigLoader.parse("test.yaml", CONFIG, false).state();
  private final Reconciler daemon = new Reconciler(kernel, PlanPolicy.daemon(true));

  private void wireBoth() {
    kernel.addNamespace(WEB);
    kernel.addNamespace(DB);
    daemon.apply(desired, op -> {});
  }

  @Test
  void aContainerWhoseNamespaceWentIsAbsentAndItsHostSideObjectsAreWithdrawn() {
    wireBoth();
    kernel.deleteNamespace(WEB);

    Plan plan = daemon.apply(desired, op -> {});

    assertThat(plan.conflicts()).isEmpty();
    assertThat(plan.absences()).containsExactly(new Absence("web", WEB, "namespace gone"));
    assertThat(plan.steps()).allSatisfy(s -> assertThat(s.owner()).isIn(Owner.container("web"), Owner.NAT_TABLE));
    ObservedState after = daemon.lastObserved();
    assertThat(after.nat().orElseThrow().mappings()).extracting(PortMapping::hostPort).containsExactly(5432);
    assertThat(after.host().neighbours()).extracting(n -> n.ip().toString()).containsExactly("10.88.0.3");
    assertThat(after.host().fdb()).noneMatch(e -> e.device().toString().equals("veth-web"));
    assertThat(daemon.plan(desired).operations()).as("nothing left to do").isEmpty();
  }

  @Test
  void theNamespaceBackWiresTheContainerAgain() {
    wireBoth();
    kernel.deleteNamespace(WEB);
    daemon.apply(desired, op -> {});
    kernel.addNamespace(WEB);

    Plan plan = daemon.apply(desired, op -> {});

    assertThat(plan.absences()).isEmpty();
    assertThat(daemon.lastObserved().nat().orElseThrow().mappings()).extracting(PortMapping::hostPort).containsExactlyInAnyOrder(8080, 5432);
    assertThat(daemon.plan(desired).isEmpty()).isTrue();
  }

  @Test
  void applyStaysAllOrNothing() {
    wireBoth();
    kernel.deleteNamespace(WEB);

    assertThatThrownBy(() -> new Reconciler(kernel).apply(desired, op -> {}))
        .isInstanceOf(PlanBlockedException.class)
        .hasMessageContaining("namespace web: does not exist");
  }

  @Test
  void aConflictBlocksOnlyItsOwnerUnderTheDaemonsPolicy() {
    kernel.addNamespace(WEB);
    kernel.addNamespace(DB);
    kernel.addDevice(NamespaceRef.HOST, io.netagent.model.InterfaceName.of("veth-web"), "dummy", io.netagent.model.MacAddress.parse("02:00:00:00:00:09"), 1500);

    Plan plan = daemon.apply(desired, op -> {});

    assertThat(plan.conflicts()).extracting(Conflict::owner).containsExactly(Owner.container("web"));
    assertThat(daemon.lastObserved().nat().orElseThrow().mappings()).extracting(PortMapping::hostPort).containsExactly(5432);
    assertThat(daemon.plan(desired).operations()).as("db wired, web blocked").isEmpty();
    assertThat(plan.absences()).isEmpty();
  }
}
