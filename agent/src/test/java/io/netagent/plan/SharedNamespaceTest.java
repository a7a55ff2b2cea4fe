package io.netagent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.reconcile.PlanBlockedException;
import io.netagent.reconcile.Reconciler;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Namespaces are compared by identity: one namespace under two names, or the host's own, is a conflict, and nothing is applied. */
class SharedNamespaceTest {
  private static final DesiredState TWO = ConfigLoader.parse("t.yaml", """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
      containers:
        - { name: c1, network: n, namespace: dupa, ip: 10.9.0.2 }
        - { name: c2, network: n, namespace: /proc/4242/ns/net, ip: 10.9.0.3 }
      """, false).state();

  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef dupa = new NamespaceRef.Named("dupa");
  private final NamespaceRef alias = new NamespaceRef.AtPath("/proc/4242/ns/net");

  @Test
  void twoNamesOfOneNamespaceAreBothConflictsNamingEachOther() {
    kernel.addNamespace(dupa);
    kernel.addNamespace(alias);
    kernel.showAsSameNamespace(alias, dupa);

    Plan plan = new Reconciler(kernel).plan(TWO);
    String id = kernel.observe(Scope.whole(Set.of(dupa))).identity(dupa).orElseThrow().toString();

    assertThat(plan.conflicts()).extracting(Conflict::owner, Conflict::toString).containsExactlyInAnyOrder(
        tuple(Owner.container("c2"), "namespace /proc/4242/ns/net: is the same namespace as dupa of container c1 (" + id
            + "): one namespace, two names"),
        tuple(Owner.container("c1"), "namespace dupa: is the same namespace as /proc/4242/ns/net of container c2 (" + id
            + "): one namespace, two names"));
    assertThatThrownBy(() -> new Reconciler(kernel).apply(TWO, op -> {})).isInstanceOf(PlanBlockedException.class);
    assertThat(kernel.observe(Scope.whole(Set.of(dupa, alias))).host().links()).as("nothing applied")
        .extracting(l -> l.name().value()).containsExactly("lo");
  }

  @Test
  void twoDistinctNamespacesAreFine() {
    kernel.addNamespace(dupa);
    kernel.addNamespace(alias);

    assertThat(new Reconciler(kernel).plan(TWO).conflicts()).isEmpty();
  }

  @Test
  void theHostsOwnNamespaceUnderAContainersNameIsAConflict() {
    kernel.addNamespace(dupa);
    kernel.addNamespace(alias);
    kernel.showAsSameNamespace(dupa, NamespaceRef.HOST);

    Plan plan = new Reconciler(kernel).plan(TWO);

    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.owner()).isEqualTo(Owner.container("c1"));
      assertThat(c.toString()).startsWith("namespace dupa: is the host's own namespace (device ")
          .endsWith("), the one netagent runs in; container c1 needs a namespace of its own");
    });
    assertThat(plan.operations()).as("nothing for c1").noneMatch(op -> op.describe().contains("dupa"));
  }
}
