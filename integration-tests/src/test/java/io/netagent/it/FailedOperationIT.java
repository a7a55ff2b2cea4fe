package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the kernel does not do what apply and down ask of it, provoked in the real kernel:
 *
 * <ul>
 *   <li>it refuses an operation in the middle of an apply: while apply is paused just before it
 *       creates a veth pair, a foreign link takes the host end's name. apply stops there naming
 *       the operation, the errno and the interface; once the foreign link is gone, apply
 *       converges from where the kernel is, and nothing is leaked;
 *   <li>it changes after apply's last operation (apply paused there, before it verifies): apply
 *       fails naming what still differs ({@code NotConvergedException}), exit code 1;
 *   <li>down meets a link group it cannot delete and a namespace it cannot unmount: it goes on
 *       past both, removes everything else, and reports both ({@code TeardownIncompleteException}),
 *       exit code 1.
 * </ul>
 */
@ExtendWith(LabExtension.class)
class FailedOperationIT {
  private Lab lab;
  private Agent agent;
  private String bridge;
  private Path config;
  private Process paused;

  @BeforeEach
  void setUp() {
    bridge = "b" + lab.id;
    config = lab.config("""
        networks:
          - { name: lab, bridge: %1$s, subnet: 10.214.0.0/24, gateway: 10.214.0.1 }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: v%4$s1, ip: 10.214.0.11 }
          - { name: c2, network: lab, namespace: %3$s, createNamespace: true, hostInterface: v%4$s2, ip: 10.214.0.12 }
        """.formatted(bridge, lab.ns("c1"), lab.ns("c2"), lab.id));
  }

  @AfterEach
  void tearDown() {
    try {
      if (paused != null && paused.isAlive()) {
        paused.destroyForcibly();
        paused.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // What a test stacked on a namespace file of the lab goes, so that closing the lab deletes it.
    for (String ns : List.of(lab.ns("c1"), lab.ns("c2"))) {
      for (int i = 0; i < 4 && mounts("/run/netns/" + ns) > 1; i++) {
        Sh.run("umount", "/run/netns/" + ns);
      }
    }
  }

  /** How many mounts are stacked on {@code path} in this mount namespace. */
  private static long mounts(String path) {
    try {
      return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.split(" ")[4].equals(path)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** apply, started paused after {@code after} operations; its stderr said so. */
  private record Paused(Process process, Collector out, Collector err) {
    /** Lets it go on, and waits for it to end; returns its exit code. */
    int resume() throws Exception {
      try (OutputStream in = process.getOutputStream()) {
        in.write('\n');
      }
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("apply finishes").isTrue();
      out.done.get(1, TimeUnit.MINUTES);
      err.done.get(1, TimeUnit.MINUTES);
      return process.exitValue();
    }
  }

  private Paused applyPausedAfter(int after) throws Exception {
    paused = agent.start("apply", "-c", config.toString(), "--pause-after", String.valueOf(after));
    Collector err = new Collector(paused.getErrorStream(), "netagent: paused after operation " + after);
    Collector out = new Collector(paused.getInputStream(), null);
    assertThat(err.seen.get(2, TimeUnit.MINUTES)).as("apply pauses\nstderr: %s\nstdout: %s", err.text, out.text)
        .isEqualTo("netagent: paused after operation " + after);
    return new Paused(paused, out, err);
  }

  /** Everything a stream prints, collected in the background; {@code seen} completes at the first line containing {@code text}. */
  private static final class Collector {
    final StringBuffer text = new StringBuffer();
    final CompletableFuture<String> seen = new CompletableFuture<>();
    final CompletableFuture<Void> done;

    Collector(InputStream in, String wanted) {
      done = CompletableFuture.runAsync(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            text.append(line).append('\n');
            if (wanted != null && line.contains(wanted)) {
              seen.complete(line);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          seen.complete("");
        }
      });
    }
  }

  private List<String> linkNames(String ns) {
    List<String> names = new ArrayList<>();
    for (JsonNode link : lab.ip(ns, "link", "show")) {
      names.add(link.path("ifname").asText());
    }
    return names;
  }

  @Test
  void aRefusedOperationStopsApplyNamingItAndTheNextApplyConverges() throws Exception {
    String hostEnd = "v" + lab.id + "1";
    JsonNode ops = agent.plan(config).path("operations");
    int total = ops.size();
    int vethIndex = -1;
    for (JsonNode op : ops) {
      if (op.path("type").asText().equals("create-veth-pair") && op.path("object").asText().startsWith("veth pair " + hostEnd + " ")) {
        vethIndex = op.path("index").asInt();
      }
    }
    assertThat(vethIndex).as("the plan creates the veth pair of %s:\n%s", hostEnd, ops).isGreaterThan(1);
    int pauseAfter = vethIndex - 1;

    Paused apply = applyPausedAfter(pauseAfter);
    assertThat(linkNames(lab.host)).as("paused before the veth pair").doesNotContain(hostEnd);

    // A foreign link takes the host end's name (a veth pair: this kernel has no dummy driver).
    Sh.ok("ip", "-n", lab.host, "link", "add", hostEnd, "type", "veth", "peer", "name", "p" + lab.id);
    String foreign = lab.ip(lab.host, "-d", "link", "show", "dev", hostEnd).toString();

    int code = apply.resume();
    String stderr = apply.err().text.toString();
    assertThat(code).as("apply's exit code\nstdout: %s\nstderr: %s", apply.out().text, stderr).isEqualTo(1);
    assertThat(stderr).contains("operation " + vethIndex + " of " + total + " failed", "EEXIST", hostEnd);
    assertThat(apply.out().text.toString()).as("apply stopped at the refused operation")
        .contains("+ veth pair " + hostEnd + " \u2194 " + lab.ns("c1") + "/eth0")
        .doesNotContain("Applied ", "the kernel matches");

    assertThat(lab.ip(lab.host, "-d", "link", "show", "dev", hostEnd).toString()).as("the foreign link is untouched").isEqualTo(foreign);
    assertThat(linkNames(lab.ns("c1"))).as("no half-made veth in c1").containsExactly("lo");

    Sh.ok("ip", "-n", lab.host, "link", "del", "dev", hostEnd);

    String converged = agent.ok("apply", "-c", config.toString());
    assertThat(converged).contains("+ veth pair " + hostEnd + " \u2194 ", "the kernel matches the configuration");
    assertThat(converged).doesNotContain("+ namespace ", "+ bridge ");
    JsonNode after = agent.plan(config);
    assertThat(after.path("operations")).as("plan after the second apply").isEmpty();
    assertThat(after.path("conflicts")).isEmpty();

    // Nothing leaked: exactly the declared objects, each once.
    assertThat(lab.namespaces()).containsExactlyInAnyOrder(lab.host, lab.ns("c1"), lab.ns("c2"));
    assertThat(linkNames(lab.host)).containsExactlyInAnyOrder("lo", bridge, hostEnd, "v" + lab.id + "2");
    assertThat(linkNames(lab.ns("c1"))).containsExactlyInAnyOrder("lo", "eth0");
    assertThat(linkNames(lab.ns("c2"))).containsExactlyInAnyOrder("lo", "eth0");
    for (String port : List.of(hostEnd, "v" + lab.id + "2")) {
      JsonNode link = lab.ip(lab.host, "link", "show", "dev", port).get(0);
      assertThat(link.path("master").asText()).as("master of %s", port).isEqualTo(bridge);
      assertThat(link.path("ifalias").asText()).startsWith("netagent:lab/");
    }
    assertThat(lab.ip(lab.host, "addr", "show", "dev", bridge).get(0).path("addr_info").toString()).contains("\"local\":\"10.214.0.1\"");
    assertThat(lab.ok(lab.host, "nft", "list", "tables").strip()).isEqualTo("table ip netagent");
    Processes.Result ping = lab.in(lab.ns("c1"), "ping", "-c", "2", "-W", "2", "10.214.0.12");
    assertThat(ping.code()).as("c1 pings c2\n%s%s", ping.out(), ping.err()).isZero();
  }

  @Test
  void aKernelThatChangesAfterTheLastOperationFailsApplysVerification() throws Exception {
    int total = agent.plan(config).path("operations").size();
    Paused apply = applyPausedAfter(total);
    assertThat(apply.out().text.toString().lines().filter(l -> l.matches("[+~-] .*"))).as("every operation ran before the pause")
        .hasSize(total);

    // Someone changes the bridge between apply's last operation and its verification.
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", bridge, "mtu", "1400");

    int code = apply.resume();
    String stderr = apply.err().text.toString();
    assertThat(code).as("apply's exit code\nstdout: %s\nstderr: %s", apply.out().text, stderr).isEqualTo(1);
    assertThat(stderr).contains("netagent: the kernel still differs after applying the plan (1 operation(s) remain):\n"
        + "  ~ link " + bridge + ": set mtu 1500  (mtu was 1400, wants 1500)\n");
    assertThat(apply.out().text.toString()).doesNotContain("Applied ", "the kernel matches");

    // It is drift like any other: the next apply repairs just that.
    String again = agent.ok("apply", "-c", config.toString());
    assertThat(again.lines().filter(l -> l.matches("[+~-] .*"))).containsExactly("~ link " + bridge + ": set mtu 1500  (mtu was 1400, wants 1500)");
    assertThat(agent.plan(config).path("operations")).isEmpty();
  }

  @Test
  void downGoesOnPastWhatTheKernelRefusesAndReportsEveryRefusal() throws Exception {
    agent.ok("apply", "-c", config.toString());
    // Two things down cannot remove: the lab host's loopback joins netagent's link group (the
    // kernel deletes a group all or nothing, and loopback cannot be deleted: EOPNOTSUPP), and a
    // second mount stacked on c1's namespace file (down unmounts one, then unlink is EBUSY).
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", "lo", "group", String.valueOf(Witness.GROUP));
    String c1 = "/run/netns/" + lab.ns("c1");
    Sh.ok("mount", "--bind", c1, c1);

    Processes.Result down = agent.run("down", "-c", config.toString());

    assertThat(down.code()).as("down's exit code\nstdout: %s\nstderr: %s", down.out(), down.err()).isEqualTo(1);
    List<String> ops = down.out().lines().filter(l -> l.matches("[+~-] .*")).toList();
    assertThat(ops).as("down went through its whole plan").hasSize(3);
    assertThat(ops.get(0)).isEqualTo("- nftables table ip netagent");
    assertThat(ops.get(1)).startsWith("- 4 links of group " + Witness.GROUP + " (");
    assertThat(ops.get(2)).isEqualTo("- 2 namespaces (" + lab.ns("c1") + ", " + lab.ns("c2") + ")");
    assertThat(down.out()).doesNotContain("Removed ");
    assertThat(down.err()).startsWith("netagent: teardown incomplete: 2 operation(s) failed:\n")
        .contains("  operation 2 of 3 failed: 4 links of group " + Witness.GROUP, "EOPNOTSUPP")
        .contains("  operation 3 of 3 failed: 2 namespaces (", c1, "Device or resource busy");

    // Past both refusals: the NAT table and c2 are gone, and with c2 its veth pair (the kernel
    // destroys a deleted namespace asynchronously: waited for, within a bound against hangs).
    assertThat(lab.ok(lab.host, "nft", "list", "tables")).doesNotContain("netagent");
    assertThat(lab.namespaces()).containsExactlyInAnyOrder(lab.host, lab.ns("c1"));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (linkNames(lab.host).contains("v" + lab.id + "2") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(linkNames(lab.host)).containsExactlyInAnyOrder("lo", bridge, "v" + lab.id + "1");

    // Once nothing is in the way, the next down removes the rest.
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", "lo", "group", "default");
    assertThat(mounts(c1)).as("mounts left on %s", c1).isEqualTo(1);
    String rest = agent.ok("down", "-c", config.toString());
    assertThat(rest).contains("Removed ");
    assertThat(lab.namespaces()).containsExactly(lab.host);
    assertThat(linkNames(lab.host)).containsExactly("lo");
  }
}
