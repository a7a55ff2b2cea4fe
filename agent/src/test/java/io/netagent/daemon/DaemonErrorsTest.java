package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.ForwardingKernel;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Reason;
import io.netagent.operations.SetMtu;
import io.netagent.testing.FakeDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop lives through any error one pass or one request throws (it is logged, the request
 * answered, the pass retried), except a JVM in doubt: then it ends with the error, and the
 * process with it.
 */
class DaemonErrorsTest {
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
      """;
  private static final String ATTACH = """
      {"id": "c1", "network": "n", "namespace": "a"}
      """;

  @TempDir
  Path dir;

  private final Faulty kernel = new Faulty();
  private Path config;

  /** The in-memory kernel, throwing an error from its next observation or namespace check when told to. */
  private static final class Faulty extends ForwardingKernel {
    final FakeKernel fake;
    final AtomicReference<Error> nextObserve = new AtomicReference<>();
    final AtomicReference<Error> nextNamespaceCheck = new AtomicReference<>();

    Faulty() {
      this(new FakeKernel());
    }

    private Faulty(FakeKernel fake) {
      super(fake);
      this.fake = fake;
    }

    private static void throwIfSet(AtomicReference<Error> armed) {
      Error e = armed.getAndSet(null);
      if (e != null) {
        throw e;
      }
    }

    @Override
    public ObservedState observe(Scope scope) {
      throwIfSet(nextObserve);
      return super.observe(scope);
    }

    @Override
    public Optional<String> namespaceProblem(NamespaceRef namespace) {
      throwIfSet(nextNamespaceCheck);
      return super.namespaceProblem(namespace);
    }
  }

  @BeforeEach
  void configure() throws Exception {
    config = Files.writeString(dir.resolve("netagent.yaml"), CONFIG);
    kernel.fake.addNamespace(new NamespaceRef.Named("a"));
  }

  /** Waits for {@code condition}, for at most a minute (a bound against hangs). */
  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within a minute", what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private Optional<DaemonState.Reconcile> lastReconcile() {
    return DaemonState.readRunning(dir).map(DaemonState::lastReconcile);
  }

  private int bridgeMtu() {
    return kernel.fake.observe(Scope.whole(Set.of())).host().link(InterfaceName.of("br0")).orElseThrow().mtu();
  }

  private static RequestRejectedException refusal(CompletableFuture<?> answer) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(1, TimeUnit.MINUTES));
    assertThat(e.getCause()).isInstanceOf(RequestRejectedException.class);
    return (RequestRejectedException) e.getCause();
  }

  @Test
  void aStackOverflowInAReconcileFailsThatPassOnlyAndTheRetryRepairsTheDrift() throws Exception {
    FakeDaemon running = FakeDaemon.start(kernel, config, dir);
    kernel.nextObserve.set(new StackOverflowError());

    kernel.fake.apply(new SetMtu(NamespaceRef.HOST, InterfaceName.of("br0"), 1400, Reason.MISSING));

    await(() -> lastReconcile().map(r -> r.result().equals("failed")).orElse(false), "the pass the drift started fails");
    assertThat(lastReconcile().orElseThrow().error()).isEqualTo("internal error: java.lang.StackOverflowError");
    await(() -> bridgeMtu() == 1500, "the retry repairs the MTU");
    await(() -> lastReconcile().map(r -> r.result().equals("converged")).orElse(false), "the retry converges");
    assertThat(running.stop()).as("the loop stops when asked").isTrue();
  }

  @Test
  void aLinkageErrorWhileServingARequestAnswersItAndTheLoopGoesOn() throws Exception {
    FakeDaemon running = FakeDaemon.start(kernel, config, dir);
    kernel.nextNamespaceCheck.set(new NoClassDefFoundError("io/netagent/Missing"));

    RequestRejectedException refused = refusal(running.daemon().attach(ATTACH));

    assertThat(refused.kind()).isEqualTo(RequestRejectedException.Kind.FAILED);
    assertThat(refused).hasMessage("internal error: java.lang.NoClassDefFoundError: io/netagent/Missing");
    Attached again = running.daemon().attach(ATTACH).get(1, TimeUnit.MINUTES);
    assertThat(again.created()).as("the same request, once the error is gone, is served by the same loop").isTrue();
    assertThat(running.stop()).as("the loop stops when asked").isTrue();
  }

  @Test
  void runningOutOfMemoryEndsTheLoopWithTheErrorAfterAnsweringTheRequest() throws Exception {
    Daemon.Options options = new Daemon.Options(Duration.ofHours(1), Duration.ofMillis(1), Duration.ofMillis(5), true);
    Daemon daemon = new Daemon(ConfigLoader.load(config), config, kernel, Notifier.fromEnvironment(), dir, dir.resolve("data"), options);
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread loop = new Thread(() -> {
      try {
        daemon.run();
      } catch (Throwable e) {
        ended.set(e);
      }
    }, "daemon-under-test");
    loop.start();
    daemon.inspect().get(1, TimeUnit.MINUTES);
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    kernel.nextObserve.set(oom);

    RequestRejectedException refused = refusal(daemon.inspect());

    assertThat(refused).hasMessage("internal error: java.lang.OutOfMemoryError: Java heap space");
    loop.join(Duration.ofMinutes(1).toMillis());
    assertThat(loop.isAlive()).as("the loop ended").isFalse();
    assertThat(ended.get()).isSameAs(oom);
  }
}
