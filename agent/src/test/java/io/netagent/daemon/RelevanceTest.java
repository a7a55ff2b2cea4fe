package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.KernelEvent;
import io.netagent.model.NamespaceRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelevanceTest {
  private final Relevance relevance = new Relevance();

  RelevanceTest() {
    relevance.update(ConfigLoader.parse("r.yaml", """
        networks:
          - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
        containers:
          - { name: a, network: n, namespace: a, ip: 10.9.0.2 }
        """, false).state(), null);
  }

  @Test
  void aNamespaceGoneAlwaysMattersDeclaredOrNot() {
    assertThat(relevance.matters(KernelEvent.namespaceGone(new NamespaceRef.Named("a")))).isTrue();
    assertThat(relevance.matters(KernelEvent.namespaceGone(new NamespaceRef.Named("other")))).isTrue();
    assertThat(relevance.matters(KernelEvent.namespaceGone(new NamespaceRef.AtPath("/proc/1234/ns/net")))).isTrue();
  }

  @Test
  void anEventInANamespaceNoLongerDeclaredDoesNot() {
    KernelEvent link = new KernelEvent(new NamespaceRef.Named("other"), KernelEvent.Kind.LINK, 2, Optional.empty(), false, 0);
    assertThat(relevance.matters(link)).isFalse();
  }
}
