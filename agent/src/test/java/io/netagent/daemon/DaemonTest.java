package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceState;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Reason;
import io.netagent.operations.SetMtu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's loop against the in-memory kernel: converge, repair what changes, reload, stop. */
class DaemonTest {
  private static final NamespaceRef HOST = NamespaceRef.HOST;
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
      containers:
        - { name: a, network: n, namespace: a, createNamespace: true, ip: 10.9.0.2 }
      """;

  @TempDir
  Path dir;

  private final FakeKernel kernel = new FakeKernel();
  private Path config;
  private Daemon daemon;
  private Thread loop;

  @BeforeEach
  void start() throws Exception {
    config = dir.resolve("netagent.yaml");
    Files.writeString(config, CONFIG);
    Daemon.Options options = new Daemon.Options(Duration.ofHours(1), Duration.ofMillis(1), Duration.ofMillis(5), true);
    daemon = new Daemon(ConfigLoader.load(config), config, kernel, Notifier.fromEnvironment(), dir, dir.resolve("data"), options);
    loop = new Thread(daemon::run, "daemon-under-test");
    loop.start();
    await(() -> state().map(DaemonState::ready).orElse(false));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.requestStop();
    loop.join(Duration.ofMinutes(1).toMillis());
    assertThat(loop.isAlive()).as("the loop stops when asked").isFalse();
  }

  private java.util.Optional<DaemonState> state() {
    return DaemonState.readRunning(dir);
  }

  private NamespaceState host() {
    return kernel.observe(Scope.whole(Set.of())).host();
  }

  /** Waits for {@code condition}, for at most a minute (a bound against hangs). */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within a minute").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void convergesAtStartAndSaysSoInItsState() {
    DaemonState s = state().orElseThrow();

    assertThat(s.ready()).isTrue();
    assertThat(s.lastReconcile().reason()).isEqualTo("start");
    assertThat(s.lastReconcile().result()).isEqualTo("converged");
    assertThat(s.driftRepaired()).isZero();
    assertThat(host().link(InterfaceName.of("br0"))).isPresent();
  }

  @Test
  void repairsDriftItHearsAboutAndCountsIt() throws Exception {
    kernel.apply(new SetMtu(HOST, InterfaceName.of("br0"), 1400, Reason.MISSING));

    await(() -> host().link(InterfaceName.of("br0")).map(l -> l.mtu() == 1500).orElse(false));
    await(() -> state().map(s -> s.driftRepaired() == 1).orElse(false));
    assertThat(state().orElseThrow().lastReconcile().repairs()).containsExactly("~ link br0: set mtu 1500 (mtu was 1400, wants 1500)");

    kernel.apply(new DeleteLink(HOST, InterfaceName.of("veth-a"), "veth", Reason.UNDECLARED));

    await(() -> host().link(InterfaceName.of("veth-a")).isPresent());
    await(() -> state().map(s -> s.driftRepaired() == 2).orElse(false));
  }

  @Test
  void aChangeToSomethingElseDoesNotCauseAReconcile() throws Exception {
    long before = state().orElseThrow().reconciles();

    kernel.addDevice(HOST, InterfaceName.of("eth9"), "dummy", MacAddress.parse("02:00:00:00:00:09"), 1500);
    kernel.apply(new SetMtu(HOST, InterfaceName.of("eth9"), 1400, Reason.MISSING));
    Thread.sleep(100);

    assertThat(state().orElseThrow().reconciles()).isEqualTo(before);
  }

  @Test
  void aReloadAppliesAValidFileAndRefusesABrokenOneKeepingTheLastGood() throws Exception {
    Files.writeString(config, CONFIG.replace("10.9.0.2", "10.9.0.3"));
    daemon.requestReload();
    await(() -> state().map(s -> s.lastReload() != null && s.lastReload().result().equals("applied")).orElse(false));
    await(() -> kernel.observe(Scope.whole(Set.of(new NamespaceRef.Named("a")))).namespace(new NamespaceRef.Named("a")).orElseThrow()
        .addresses().stream().anyMatch(a -> a.cidr().address().toString().equals("10.9.0.3")));

    Files.writeString(config, CONFIG + "  - { name: b, colour: red }\n");
    daemon.requestReload();
    await(() -> state().map(s -> s.lastReload().result().equals("rejected")).orElse(false));

    assertThat(state().orElseThrow().lastReload().problems()).anyMatch(p -> p.contains("unknown key \"colour\""));
    kernel.apply(new SetMtu(HOST, InterfaceName.of("br0"), 1400, Reason.MISSING));
    await(() -> host().link(InterfaceName.of("br0")).map(l -> l.mtu() == 1500).orElse(false));
    assertThat(kernel.observe(Scope.whole(Set.of(new NamespaceRef.Named("a")))).namespace(new NamespaceRef.Named("a")).orElseThrow()
        .addresses()).anyMatch(a -> a.cidr().address().toString().equals("10.9.0.3"));
  }

  @Test
  void aContainerNamespaceDeletedBySomeoneElseIsRepairedAtOnce() throws Exception {
    NamespaceRef a = new NamespaceRef.Named("a");
    long before = state().orElseThrow().reconciles();

    kernel.deleteNamespace(a);

    // The resync is an hour away: only the notifications (NAMESPACE_GONE, the host end's DELLINK) can start this.
    await(() -> kernel.observe(Scope.whole(Set.of(a))).exists(a) && host().link(InterfaceName.of("veth-a")).isPresent());
    await(() -> state().map(s -> s.reconciles() > before).orElse(false));
  }
}
