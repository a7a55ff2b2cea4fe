package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A namespace deleted by someone else ({@code ip netns del}, a container's process ending), as the real adapter reports it. */
class FakeKernelNamespaceGoneTest {
  private final FakeKernel kernel = new FakeKernel();
  private final NamespaceRef.Named web = named("web");
  private final NamespaceRef.Named app = named("app");
  private final List<KernelEvent> events = new ArrayList<>();

  @Test
  void aWatchedNamespaceDeletedTakesItsVethsAlongAndTheWatcherHearsItGo() {
    kernel.addNamespace(web);
    kernel.addNamespace(app);
    applyAll(kernel, veth("vweb", web, "eth0"), veth("vapp", app, "eth0"));
    kernel.watch(Set.of(web, app), events::add);

    kernel.deleteNamespace(web);

    ObservedState observed = kernel.observe(Scope.whole(Set.of(web, app)));
    assertThat(observed.exists(web)).isFalse();
    assertThat(observed.host().links()).extracting(l -> l.name().value()).containsExactlyInAnyOrder("lo", "vapp");
    assertThat(events).containsExactly(new KernelEvent(HOST, KernelEvent.Kind.LINK, 0, Optional.empty(), false, 0),
        KernelEvent.namespaceGone(web));
  }

  @Test
  void aNamespaceGoneIsNoLongerWatchedNorOwned() {
    applyAll(kernel, createNamespace("web"));
    kernel.watch(Set.of(web), events::add);
    kernel.deleteNamespace(web);
    events.clear();

    kernel.addNamespace(web);
    kernel.apply(veth("vweb", web, "eth0"));

    assertThat(events).noneMatch(e -> e.namespace().equals(web));
    assertThat(kernel.observe(Scope.whole(Set.of())).ownedNamespaces()).isEmpty();
  }

  @Test
  void anUnwatchedNamespaceGoesSilently() {
    kernel.addNamespace(web);
    kernel.watch(Set.of(), events::add);

    kernel.deleteNamespace(web);

    assertThat(events).isEmpty();
    assertThat(host(kernel).links()).extracting(l -> l.name().value()).containsExactly("lo");
  }

  @Test
  void aMissingNamespaceIsEnoent() {
    KernelException refused = catchThrowableOfType(() -> kernel.deleteNamespace(web), KernelException.class);
    assertThat(refused.errno()).isEqualTo(Errno.ENOENT);
  }
}
