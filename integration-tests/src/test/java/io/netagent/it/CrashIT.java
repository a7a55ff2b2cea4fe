package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash safety (README, "Convergence and crashes"), with a dual-stack network, so that every
 * IPv6 operation is a crash point too: apply is killed with SIGKILL before its first
 * operation and after each single operation of its plan in turn, the last one included (before
 * apply observes the kernel again to verify it); the next apply must converge (exit 0, then an
 * empty plan), and down must then leave nothing netagent owns. Each crash point runs in a fresh
 * lab.
 *
 * <p>The kill happens between operations (apply pauses there, {@code --pause-after K}), not in
 * the middle of one.
 */
class CrashIT {
  /** Generous bounds against hangs, never timing assertions. */
  private static final long PAUSE_TIMEOUT_MINUTES = 2;
  private static final long GONE_TIMEOUT_MILLIS = 60_000;

  private static Path config(Lab lab) {
    return lab.config("""
        networks:
          - name: lab
            bridge: b%1$s
            subnet: 10.205.0.0/24
            gateway: 10.205.0.1
            subnet6: "fd00:205::/64"
            arpProxy:
              - { ip: 10.205.0.50, mac: "02:42:0a:cd:00:32" }
        containers:
        """.formatted(lab.id)
        + NatConfig.container(lab, "c1", "10.205.0.11", "ip6: \"fd00:205::11\"", "ports:", "  - { host: 8080, container: 80 }",
            "  - { host: 5353, container: 53, protocol: udp, hostIp: 127.0.0.1 }")
        + """
          - { name: c2, network: lab, namespace: %s, createNamespace: true, hostInterface: v%s2, ip: 10.205.0.12 }
        """.formatted(lab.ns("c2"), lab.id));
  }

  @TestFactory
  Stream<DynamicTest> applyKilledAfterAnyOperationConvergesOnTheNextApplyAndDownLeavesNothing() {
    int operations;
    try (Lab lab = new Lab()) {
      JsonNode plan = new Agent(lab).plan(config(lab));
      assertThat(plan.path("conflicts")).as("conflicts in %s", plan).isEmpty();
      operations = plan.path("operations").size();
      assertThat(plan.path("operations").findValuesAsText("type")).contains("create-namespace", "create-bridge", "create-veth-pair",
          "add-fdb-entry", "replace-nat-table", "add-proxy-neighbour");
    }
    assertThat(operations).isGreaterThan(10);
    // K = operations: after the last one, before apply verifies what it did.
    return IntStream.rangeClosed(0, operations)
        .mapToObj(k -> DynamicTest.dynamicTest("killed after " + k + " of " + operations + " operations", () -> crashAfter(k)));
  }

  /** Each operation of a JSON plan as one line: {@code type object: change}. */
  private static List<String> lines(JsonNode plan) {
    List<String> lines = new ArrayList<>();
    plan.path("operations").forEach(op -> lines.add(op.path("type").asText() + " " + op.path("object").asText() + ": " + op.path("change").asText()));
    return lines;
  }

  private void crashAfter(int k) throws Exception {
    Lab lab = new Lab();
    try {
      Agent agent = new Agent(lab);
      Path config = config(lab);
      List<String> planned = lines(agent.plan(config));

      // Its stdin stays open and empty: paused, it waits there until it is killed.
      Process apply = agent.start("apply", "-c", config.toString(), "--pause-after", String.valueOf(k));
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(apply.getInputStream()));
      Stderr stderr = new Stderr(apply);
      String pause = "netagent: paused after operation " + k;
      assertThat(stderr.awaitLine(pause)).as("apply --pause-after %d never paused; it exited %s\nstdout: %s\nstderr: %s", k,
          apply.isAlive() ? "not" : String.valueOf(apply.exitValue()), apply.isAlive() ? "" : stdout.join(), stderr.text()).isTrue();
      // env and nsenter exec, so the process started is the JVM itself.
      assertThat(apply.info().command()).as("the paused process").hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
      String appliedBeforeKill = killTree(apply);
      assertThat(apply.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
      String printed = stdout.join();
      assertThat(printed.lines().filter(l -> l.matches("[+~-] .*")).count())
          .as("operations printed before the kill:\n%s", printed).isEqualTo(k);

      // Exactly the first k operations took effect: the rest is what a plan now asks for. Sysctls
      // are the exception both ways: a bridge's may be at the wanted value the moment it exists
      // (disable_ipv6 0), and a container end's are not observed, so they are planned again with
      // the IPv6 address they precede for as long as it is missing.
      List<String> rest = lines(agent.plan(config));
      List<String> done = planned.subList(0, k);
      List<String> notDone = planned.subList(k, planned.size());
      assertThat(rest).as("plan after a kill after %d operations", k)
          .containsAll(notDone.stream().filter(l -> !l.startsWith("set-sysctl ")).toList())
          .allMatch(l -> notDone.contains(l) || (l.startsWith("set-sysctl ") && done.contains(l)));
      int left = rest.size();

      Processes.Result again = agent.run("apply", "-c", config.toString());
      assertThat(again.code()).as("apply after a kill after %d operations (%s)\nstdout: %s\nstderr: %s", k, appliedBeforeKill,
          again.out(), again.err()).isZero();
      assertThat(again.out()).as("apply after a kill after %d of %d operations", k, planned.size())
          .contains(left == 0 ? "No changes: the kernel already matches the configuration." : "Applied " + left + " operation(s)");
      JsonNode after = agent.plan(config);
      assertThat(after.path("operations")).as("plan after the second apply: %s", after).isEmpty();
      assertThat(after.path("conflicts")).isEmpty();

      Processes.Result down = agent.run("down", "-c", config.toString());
      assertThat(down.code()).as("down\nstdout: %s\nstderr: %s", down.out(), down.err()).isZero();
      assertNothingOwnedLeft(lab, agent);
    } finally {
      lab.close();
    }
  }

  /**
   * Kills the process and everything it started with SIGKILL, by pid, and waits until all are
   * gone. Returns the pids killed, for messages.
   */
  private static String killTree(Process process) throws Exception {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : tree) {
      h.onExit().get(PAUSE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      assertThat(h.isAlive()).as("process %d after SIGKILL", h.pid()).isFalse();
    }
    assertThat(process.waitFor(PAUSE_TIMEOUT_MINUTES, TimeUnit.MINUTES)).isTrue();
    return "killed " + tree.stream().map(h -> String.valueOf(h.pid())).toList();
  }

  /**
   * Nothing netagent owns is left: no link of its group or with its alias in the host namespace,
   * none of the namespaces it created (nor their records), no NAT table. The kernel destroys a
   * deleted namespace, and the host ends of its veth pairs with it, asynchronously (cleanup_net),
   * so the links are waited for, within a generous bound.
   */
  private static void assertNothingOwnedLeft(Lab lab, Agent agent) throws InterruptedException {
    List<String> owned = new Witness(lab).ownedLinks();
    if (!owned.isEmpty()) {
      System.out.println("CrashIT: right after down, " + owned + " still there; waiting for the kernel to destroy the namespaces");
    }
    for (long waited = 0; !owned.isEmpty() && waited < GONE_TIMEOUT_MILLIS; waited += 100) {
      Thread.sleep(100);
      owned = new Witness(lab).ownedLinks();
    }
    assertThat(owned).as("links netagent owns in the host namespace after down").isEmpty();
    assertThat(lab.namespaces()).as("namespaces after down").containsExactly(lab.host);
    assertThat(Path.of("/run/netns", lab.ns("c1"))).doesNotExist();
    assertThat(Path.of("/run/netns", lab.ns("c2"))).doesNotExist();
    Path records = agent.stateDir().resolve("namespaces");
    if (Files.exists(records)) {
      try (Stream<Path> files = Files.list(records)) {
        assertThat(files.map(p -> p.getFileName().toString()).toList()).as("namespace records in %s", records).isEmpty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).as("nftables tables").doesNotContain("netagent");
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stderr of a process, read line by line in the background. */
  private static final class Stderr {
    private final StringBuilder text = new StringBuilder();
    /** The stream has ended; guarded by {@code text}. */
    private boolean ended;

    Stderr(Process process) {
      CompletableFuture.runAsync(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            synchronized (text) {
              text.append(line).append('\n');
              text.notifyAll();
            }
          }
        } catch (IOException e) {
          // The process was killed: its stream ends.
        } finally {
          synchronized (text) {
            ended = true;
            text.notifyAll();
          }
        }
      });
    }

    /** Waits until a line equal to {@code line} appears; false when the stream ends (or the bound passes) first. */
    boolean awaitLine(String line) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(PAUSE_TIMEOUT_MINUTES);
      synchronized (text) {
        while (true) {
          if (text.toString().lines().anyMatch(line::equals)) {
            return true;
          }
          long left = deadline - System.nanoTime();
          if (ended || left <= 0) {
            return false;
          }
          text.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    }

    String text() {
      synchronized (text) {
        return text.toString();
      }
    }
  }
}
