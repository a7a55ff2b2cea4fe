package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.config.ConfigLoader;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.metrics.Metrics;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceState;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Reason;
import io.netagent.operations.SetMtu;
import io.netagent.testing.FaultyKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final FaultyKernel faulty = new FaultyKernel(kernel);
  private final Metrics metrics = new Metrics();
  private Path config;
  private Daemon daemon;
  private Thread loop;

  @BeforeEach
  void start() throws Exception {
    config = dir.resolve("netagent.yaml");
    Files.writeString(config, CONFIG);
    Daemon.Options options = new Daemon.Options(Duration.ofHours(1), Duration.ofMillis(1), Duration.ofMillis(5), true);
    daemon = new Daemon(ConfigLoader.load(config), config, faulty, Notifier.fromEnvironment(), dir, dir.resolve("data"), options, metrics);
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
    assertThat(scrape()).contains("netagent_reconcile_total{result=\"converged\",trigger=\"start\"} 1.0\n",
        "netagent_reconcile_duration_seconds_count{trigger=\"start\"} 1\n", "netagent_conflicts 0.0\n", "netagent_attachments 0.0\n")
        .as("the first convergence is no drift").doesNotContain("netagent_drift_repaired_total{");
  }

  private String scrape() {
    return metrics.scrape(List.of(), null).body();
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
    assertThat(scrape()).contains("netagent_reconcile_total{result=\"converged\",trigger=\"event\"} ",
        "netagent_drift_repaired_total{kind=\"link\"} ");
    assertThat(scrape().lines().filter(l -> l.startsWith("netagent_drift_repaired_total{kind=\"link\"}")))
        .as("the MTU, then the veth pair, its alias, group, master, up...").singleElement().satisfies(l -> assertThat(l).doesNotEndWith(" 1.0"));
  }

  /**
   * The daemon hears of a change to a link it neither declares nor owns, and does nothing about
   * it. To see "nothing" without waiting for it, a pass fails first: the next pass is then a retry
   * a second later, and only a notification taken for one that matters could start a pass before
   * it (a notification's pass comes before a retry).
   */
  @Test
  void aChangeToSomethingElseDoesNotCauseAReconcile() throws Exception {
    AtomicBoolean refuseNext = new AtomicBoolean(true);
    faulty.refuse(op -> refuseNext.getAndSet(false));
    kernel.apply(new SetMtu(HOST, InterfaceName.of("br0"), 1400, Reason.MISSING));
    await(() -> state().map(s -> s.lastReconcile().result().equals("failed")).orElse(false));
    long before = state().orElseThrow().reconciles();
    int heard = faulty.heard().size();

    kernel.addDevice(HOST, InterfaceName.of("eth9"), "dummy", MacAddress.parse("02:00:00:00:00:09"), 1500);
    kernel.apply(new SetMtu(HOST, InterfaceName.of("eth9"), 1400, Reason.MISSING));

    assertThat(faulty.heard().subList(heard, faulty.heard().size())).as("what the daemon was told")
        .anyMatch(e -> e.link().equals(Optional.of(InterfaceName.of("eth9"))));
    await(() -> state().map(s -> s.lastReconcile().result().equals("converged")).orElse(false));
    DaemonState after = state().orElseThrow();
    assertThat(after.lastReconcile().reason()).as("the pass after the failed one").isEqualTo("retry");
    assertThat(after.reconciles()).isEqualTo(before + 1);
    assertThat(after.lastReconcile().repairs()).containsExactly("~ link br0: set mtu 1500 (mtu was 1400, wants 1500)");
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

  /** A second container, b, added by a reload on probation. */
  private static final String WITH_B = CONFIG + "  - { name: b, network: n, namespace: b, createNamespace: true, ip: 10.9.0.3 }\n";

  private CheckpointStore checkpoints() {
    return CheckpointStore.at(dir.resolve("data"));
  }

  /** Records the file as confirmed (as {@code run} does before the loop starts), then puts the file with b in its place. */
  private void startProbation() throws Exception {
    checkpoints().update(c -> c.withConfirmed(new Checkpoint.Configuration(config.toString(), CONFIG, Instant.now())));
    Files.writeString(config, WITH_B);
  }

  @Test
  void aReloadOnProbationIsRolledBackByTheLoopAtItsDeadlineAndTheConfirmedConfigurationRuns() throws Exception {
    startProbation();

    assertThat(daemon.reload(Optional.of(Duration.ofSeconds(1))).get()).startsWith("Reloaded " + config + ". Unless 'netagent confirm' comes before ");
    assertThat(host().link(InterfaceName.of("veth-b"))).isPresent();

    await(() -> checkpoints().read().pending().isEmpty());
    await(() -> host().link(InterfaceName.of("veth-b")).isEmpty());
    assertThat(checkpoints().read().last().orElseThrow().toString()).contains("was already rolled back at").contains("it was not confirmed before");
    assertThat(host().link(InterfaceName.of("veth-a"))).isPresent();
    assertThat(daemon.inspect().get().source()).as("what status names as the configuration")
        .startsWith("the configuration confirmed at ").endsWith(" (" + config + "), after a rollback");
  }

  @Test
  void aConfirmedReloadStaysAndNeitherAnotherReloadWhileWaitingNorASecondRollbackIsTaken() throws Exception {
    startProbation();
    daemon.reload(Optional.of(Duration.ofHours(1))).get();

    assertThat(daemon.reload(Optional.empty())).failsWithin(Duration.ofMinutes(1)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(RequestRejectedException.class).withMessageContaining("is waiting for confirmation until")
        .matches(e -> ((RequestRejectedException) e).kind() == RequestRejectedException.Kind.CONFLICT);
    assertThat(daemon.confirm().get()).startsWith("Confirmed the change of");
    assertThat(checkpoints().read().confirmed().orElseThrow().text()).isEqualTo(WITH_B);
    assertThat(daemon.rollback()).failsWithin(Duration.ofMinutes(1)).withThrowableOfType(ExecutionException.class)
        .havingCause().withMessageStartingWith("nothing to roll back: the change of").withMessageContaining("was confirmed at");
    assertThat(host().link(InterfaceName.of("veth-b"))).isPresent();
  }

  @Test
  void aRollbackThroughTheApiIsDoneAtOnce() throws Exception {
    startProbation();
    daemon.reload(Optional.of(Duration.ofHours(1))).get();

    assertThat(daemon.rollback().get()).startsWith("Rolled back the change of").endsWith("to the configuration confirmed at "
        + Checkpoint.time(checkpoints().read().confirmed().orElseThrow().at()) + " (" + config + ").");
    assertThat(host().link(InterfaceName.of("veth-b"))).isEmpty();
    assertThat(daemon.confirm()).failsWithin(Duration.ofMinutes(1)).withThrowableOfType(ExecutionException.class)
        .havingCause().withMessageStartingWith("nothing to confirm: the change of").withMessageContaining("was already rolled back at");
  }
}
