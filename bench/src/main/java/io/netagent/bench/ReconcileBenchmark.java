package io.netagent.bench;

import io.netagent.config.ConfigLoader;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Link;
import io.netagent.observed.ObservedState;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.Reason;
import io.netagent.plan.Plan;
import io.netagent.plan.Planner;
import io.netagent.reconcile.Reconciler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of a reconcile that are pure Java, timed in process for the workload "N containers
 * on one bridge" of bench/workload.sh: reading the configuration, and the planner for a
 * converged kernel (a daemon's no-op pass), for one deleted veth (a repair), and for a teardown.
 * The kernel's side is what bench/run measures; these say how much of a daemon pass is planning.
 * Run with the JVM options netagent ships (serial GC, client compiler only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx96m", "-XX:TieredStopAtLevel=1"})
public class ReconcileBenchmark {
  @Param({"10", "100", "1000"})
  int containers;

  /** The workload, or with {@code dual} its dual-stack variant ({@code bench/run --dual-stack} passes {@code -p stack=ipv4,dual}). */
  @Param({"ipv4"})
  String stack;

  private String yaml;
  private DesiredState desired;
  private ObservedState converged;
  private ObservedState oneVethDeleted;

  @Setup(Level.Trial)
  public void setUp() {
    yaml = workload(containers, stack.equals("dual"));
    desired = ConfigLoader.parse("workload.yaml", yaml, false).state();
    FakeKernel kernel = new FakeKernel();
    new Reconciler(kernel).apply(desired, op -> {});
    converged = kernel.observe(io.netagent.kernel.Scope.whole(desired.namespaces()));
    Container victim = desired.containers().get(containers / 2);
    Link hostEnd = converged.host().link(victim.veth().host().name()).orElseThrow();
    kernel.apply(new DeleteLink(NamespaceRef.HOST, hostEnd.name(), hostEnd.kind(), Reason.UNDECLARED));
    oneVethDeleted = kernel.observe(io.netagent.kernel.Scope.whole(desired.namespaces()));
  }

  /** The configuration of bench/workload.sh, as it writes it, with {@code dual} as {@code bench/workload.sh N nbj nbjbr dual}. */
  static String workload(int n, boolean dual) {
    StringBuilder sb = new StringBuilder("""
        networks:
          - { name: bench, bridge: nbjbr, subnet: 10.100.0.0/16, gateway: 10.100.0.1, masquerade: true%s }
        containers:
        """.formatted(dual ? ", subnet6: \"fd00:100::/64\"" : ""));
    for (int i = 0; i < n; i++) {
      sb.append("  - { name: c").append(i).append(", network: bench, namespace: nbj").append(i)
          .append(", createNamespace: true, hostInterface: nbjv").append(i).append(", ip: 10.100.").append(i / 250).append('.')
          .append(i % 250 + 2).append(dual ? ", ip6: \"fd00:100::" + Integer.toHexString(i + 2) + "\"" : "")
          .append(", ports: [ { host: ").append(20000 + i).append(", container: 80 } ] }\n");
    }
    return sb.toString();
  }

  @Benchmark
  public DesiredState readConfiguration() {
    return ConfigLoader.parse("workload.yaml", yaml, false).state();
  }

  @Benchmark
  public Plan planConverged() {
    return Planner.plan(desired, converged);
  }

  @Benchmark
  public Plan planRepair() {
    return Planner.plan(desired, oneVethDeleted);
  }

  @Benchmark
  public Plan planTeardown() {
    return Planner.teardown(converged);
  }
}
