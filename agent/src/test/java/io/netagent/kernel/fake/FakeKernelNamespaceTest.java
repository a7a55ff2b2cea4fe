package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.link;
import static io.netagent.kernel.fake.FakeKernelFixtures.namespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.Scope;
import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.LinkRef;
import io.netagent.observed.NamespaceState;
import io.netagent.observed.ObservedState;
import io.netagent.operations.DeleteNamespace;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeKernelNamespaceTest {
  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef.Named web = named("web");
  private final NamespaceRef.Named app = named("app");

  @Test
  void createdNamespaceIsOwnedAndObservedWithoutBeingRequested() {
    kernel.apply(createNamespace("web"));

    ObservedState observed = kernel.observe(Scope.whole(Set.of()));

    assertThat(observed.ownedNamespaces()).containsExactly(web);
    assertThat(observed.namespaces()).containsOnlyKeys(HOST, web);
    NamespaceState inside = observed.namespace(web).orElseThrow();
    assertThat(inside.links()).extracting(l -> l.name().value()).containsExactly("lo");
    assertThat(link(inside, "lo").index()).isEqualTo(1);
  }

  @Test
  void creatingExistingNamespaceIsEexist() {
    kernel.apply(createNamespace("web"));
    kernel.addNamespace(app);

    assertThat(refusal(kernel, createNamespace("web")).errno()).isEqualTo(Errno.EEXIST);
    assertThat(refusal(kernel, createNamespace("app")).errno()).isEqualTo(Errno.EEXIST);
    assertThat(kernel.observe(Scope.whole(Set.of())).ownedNamespaces()).containsExactly(web);
  }

  @Test
  void foreignNamespaceIsNotOwnedAndObservedOnlyWhenRequested() {
    kernel.addNamespace(app);

    ObservedState unrequested = kernel.observe(Scope.whole(Set.of()));
    ObservedState requested = kernel.observe(Scope.whole(Set.of(app)));

    assertThat(unrequested.exists(app)).isFalse();
    assertThat(requested.exists(app)).isTrue();
    assertThat(requested.ownedNamespaces()).isEmpty();
  }

  @Test
  void deletingMissingNamespaceIsEnoent() {
    assertThat(refusal(kernel, new DeleteNamespace(web, WHY)).errno()).isEqualTo(Errno.ENOENT);
  }

  @Test
  void deletingNamespaceDeletesHostEndsOfVethsWhosePeersWereInside() {
    applyAll(kernel, createNamespace("web"), createNamespace("app"), veth("vweb", web, "eth0"), veth("vweb2", web, "eth1"),
        veth("vapp", app, "eth0"));

    kernel.apply(new DeleteNamespace(web, WHY));

    ObservedState observed = kernel.observe(Scope.whole(Set.of(web)));
    assertThat(observed.exists(web)).isFalse();
    assertThat(observed.ownedNamespaces()).containsExactly(app);
    assertThat(observed.host().links()).extracting(l -> l.name().value()).containsExactlyInAnyOrder("lo", "vapp");
  }

  @Test
  void requestedNamespaceThatDoesNotExistIsAbsent() {
    ObservedState observed = kernel.observe(Scope.whole(Set.of(web)));

    assertThat(observed.namespaces()).containsOnlyKeys(HOST);
    assertThat(observed.namespace(web)).isEmpty();
  }

  @Test
  void vethPeerIsReportedOnlyWhenThePeerNamespaceIsObserved() {
    kernel.addNamespace(app);
    kernel.apply(veth("vapp", app, "eth0"));

    assertThat(link(host(kernel), "vapp").peer()).isEmpty();

    ObservedState requested = kernel.observe(Scope.whole(Set.of(app)));
    assertThat(link(requested.host(), "vapp").peer()).contains(new LinkRef(app, name("eth0")));
    assertThat(link(requested.namespace(app).orElseThrow(), "eth0").peer()).contains(new LinkRef(HOST, name("vapp")));
  }

  @Test
  void vethPeerInOwnedNamespaceIsAlwaysReported() {
    applyAll(kernel, createNamespace("web"), veth("vweb", web, "eth0"));

    assertThat(link(host(kernel), "vweb").peer()).contains(new LinkRef(web, name("eth0")));
  }

  /** netagent opens the peer's namespace (IFLA_NET_NS_FD) before it asks the kernel anything, so a missing one comes first. */
  @Test
  void vethIntoMissingNamespaceIsEnoentBeforeTheMtuIsChecked() {
    assertThat(refusal(kernel, veth("vweb", web, "eth0", 65536)).errno()).isEqualTo(Errno.ENOENT);
  }

  @Test
  void aNamespaceNetagentCreatesHasItsLoopbackUp() {
    kernel.apply(createNamespace("web"));

    NamespaceState ns = namespace(kernel, named("web"));
    assertThat(ns.link(name("lo")).orElseThrow().up()).isTrue();
    assertThat(ns.addresses()).extracting(a -> a.cidr().toString()).containsExactly("127.0.0.1/8");
  }
}
