package io.netagent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.linux.Errno;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.observed.ObservedState;
import io.netagent.operations.DeleteLinkGroup;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Operation;
import io.netagent.operations.SetSysctl;
import io.netagent.testing.FaultyKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What apply and teardown report when the kernel does not do what it was asked, against the
 * in-memory kernel with faults put in by {@link FaultyKernel} (FailedOperationIT provokes both
 * against the real kernel, through the command line).
 */
class ReconcilerFailuresTest {
  private static final DesiredState DESIRED = ConfigLoader.parse("r.yaml", """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
      containers:
        - { name: a, network: n, namespace: a, createNamespace: true, ip: 10.9.0.2, ports: [{ host: 8080, container: 80 }] }
        - { name: b, network: n, namespace: b, createNamespace: true, ip: 10.9.0.3 }
      """, false).state();

  private final FakeKernel kernel = new FakeKernel();
  private final FaultyKernel faulty = new FaultyKernel(kernel);

  private ObservedState observed() {
    return kernel.observe(Scope.whole(DESIRED.namespaces()));
  }

  @Test
  void anOperationTheKernelAcceptsButDoesNotKeepFailsTheVerificationNamingWhatRemains() {
    faulty.drop(op -> op instanceof SetSysctl s && s.key().equals("net.ipv4.ip_forward"));
    List<Operation> told = new ArrayList<>();

    NotConvergedException e = catchThrowableOfType(() -> new Reconciler(faulty).apply(DESIRED, told::add), NotConvergedException.class);

    assertThat(e).as("apply's verification fails").isNotNull();
    assertThat(e.getMessage()).isEqualTo("the kernel still differs after applying the plan (1 operation(s) remain):\n"
        + "  ~ sysctl net.ipv4.ip_forward: set 1  (net.ipv4.ip_forward was 0, wants 1)");
    assertThat(e.remaining()).singleElement().isInstanceOfSatisfying(SetSysctl.class,
        s -> assertThat(s.key()).isEqualTo("net.ipv4.ip_forward"));
    // Every other operation ran and took effect: what remains is exactly what a plan now asks for.
    assertThat(told).hasSize(26);
    assertThat(new Reconciler(kernel).plan(DESIRED).operations()).isEqualTo(e.remaining());
  }

  @Test
  void teardownKeepsGoingPastRefusalsAndReportsEveryOne() {
    new Reconciler(kernel).apply(DESIRED, op -> {});
    faulty.refuse(op -> op instanceof DeleteNatTable || op instanceof DeleteLinkGroup);
    List<Operation> told = new ArrayList<>();

    TeardownIncompleteException e = catchThrowableOfType(() -> new Reconciler(faulty).teardown(DESIRED, told::add),
        TeardownIncompleteException.class);

    assertThat(e).as("teardown reports the refusals").isNotNull();
    assertThat(told).extracting(op -> op.getClass().getSimpleName()).containsExactly("DeleteNatTable", "DeleteLinkGroup", "DeleteNamespaces");
    assertThat(e.failures()).extracting(OperationFailedException::index).containsExactly(1, 2);
    assertThat(e.failures()).extracting(f -> f.getCause().errno()).containsOnly(Errno.EBUSY);
    assertThat(e.getMessage()).isEqualTo("teardown incomplete: 2 operation(s) failed:\n"
        + "  operation 1 of 3 failed: " + told.get(0).describe() + "\n    " + told.get(0).command() + ": EBUSY: refused by the test\n"
        + "  operation 2 of 3 failed: " + told.get(1).describe() + "\n    " + told.get(1).command() + ": EBUSY: refused by the test");
    assertThat(e.getMessage()).contains("failed: nftables table ip netagent\n", "failed: 3 links of group 5128519 (veth-a, veth-b, br0)\n");
    // It went on past both: the namespaces, last, are gone (and with them the veth pairs);
    // what was refused is still there.
    assertThat(told.get(2)).isInstanceOf(DeleteNamespaces.class);
    ObservedState after = observed();
    assertThat(after.ownedNamespaces()).isEmpty();
    assertThat(after.host().link(InterfaceName.of("veth-a"))).isEmpty();
    assertThat(after.host().link(InterfaceName.of("br0"))).isPresent();
    assertThat(after.nat()).isPresent();

    // The next teardown removes the rest.
    new Reconciler(kernel).teardown(DESIRED, op -> {});
    assertThat(observed().host().link(InterfaceName.of("br0"))).isEmpty();
    assertThat(observed().nat()).isEmpty();
  }
}
