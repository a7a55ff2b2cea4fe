package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.NamespaceRef;
import io.netagent.testing.FakeDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachments on a dual-stack network: each gets an ip6, which is saved like the ip and restored after a restart. */
class DaemonDualStackAttachmentsTest {
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, subnet6: "fd00:9::/64" }
      """;

  @TempDir
  Path dir;

  private final FakeKernel kernel = new FakeKernel();
  private FakeDaemon running;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("netagent.yaml"), CONFIG);
    for (String ns : List.of("a", "b")) {
      kernel.addNamespace(new NamespaceRef.Named(ns));
    }
    running = FakeDaemon.start(kernel, dir.resolve("netagent.yaml"), dir);
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(running.stop()).isTrue();
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.MINUTES);
  }

  @Test
  void anAllocatedIp6SurvivesARestartEvenWhenALowerOneIsFreeByThen() throws Exception {
    Daemon daemon = running.daemon();
    await(daemon.attach("{\"id\": \"first\", \"network\": \"n\", \"namespace\": \"a\"}"));
    Attached second = await(daemon.attach("{\"id\": \"second\", \"network\": \"n\", \"namespace\": \"b\"}"));
    assertThat(second.attachment().ip6Allocated()).isTrue();
    assertThat(second.attachment().container().ipv6().orElseThrow()).hasToString("fd00:9::3/64");
    await(daemon.detach("first"));
    assertThat(running.stop()).isTrue();

    running = FakeDaemon.start(kernel, dir.resolve("netagent.yaml"), dir);

    AttachmentView restored = running.daemon().attachment("second").orElseThrow();
    assertThat(restored.container().ipv6().orElseThrow()).as("fd00:9::2 is free, but second was given ::3").hasToString("fd00:9::3/64");
    assertThat(restored.container().ipv4().orElseThrow()).hasToString("10.9.0.3/24");
    assertThat(Files.readString(dir.resolve("data/attachments/second.json"))).contains("\"ip6\" : \"fd00:9::3\"");
  }

  @Test
  void aReloadWhoseFileContainerWouldTakeAnAttachmentsIp6IsRejectedNamingBoth() throws Exception {
    Attached made = await(running.daemon().attach("{\"id\": \"att\", \"network\": \"n\", \"namespace\": \"a\"}"));
    assertThat(made.attachment().container().ipv6().orElseThrow()).hasToString("fd00:9::2/64");
    Files.writeString(dir.resolve("netagent.yaml"), CONFIG + """
        containers:
          - { name: file, network: n, namespace: b, ip: 10.9.0.9 }
        """);

    running.daemon().requestReload();

    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (DaemonState.readRunning(dir).map(s -> s.lastReload() == null).orElse(true)) {
      assertThat(System.nanoTime()).as("reloaded within a minute").isLessThan(deadline);
      Thread.sleep(5);
    }
    DaemonState.Reload reload = DaemonState.readRunning(dir).orElseThrow().lastReload();
    assertThat(reload.result()).isEqualTo("rejected");
    assertThat(reload.problems()).containsExactly("attachment att: ip6: address fd00:9::2 is already used by container file");
  }
}
