package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code netagent run}, the daemon, against the real kernel of a lab: it converges and says
 * "ready:", repairs drift the kernel reports (a deleted veth, a changed MTU) and drift only the
 * periodic resync sees (a deleted nftables table), reloads on SIGHUP and keeps the last good
 * configuration when the new file is broken, converges again without leaks after SIGKILL (when
 * idle, and in the middle of a reload that creates a namespace), and stops on SIGTERM with exit
 * code 0, leaving the network for {@code netagent down}. Everything is checked from outside with
 * {@code ip -j} and {@code nft -j}.
 *
 * <p>The only time bounds are generous ones against hangs. How long each repair took (from the
 * change the test makes to the moment {@code ip}/{@code nft} see the declared state again, and the
 * duration the daemon logs) is printed on stdout as {@code DaemonIT timing ...} lines.
 */
@ExtendWith(LabExtension.class)
class DaemonIT {
  private static final Duration BOUND = DaemonProcess.BOUND;
  private static final String GATEWAY = "10.207.0.1";
  private static final Pattern RELOAD_APPLIED = Pattern.compile("applied the reloaded configuration \\(\\d+ operation\\(s\\), (\\d+) ms\\): (.*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Lab lab;
  private Witness witness;
  private Agent agent;
  private String bridge;
  private Path config;
  private final List<DaemonProcess> daemons = new ArrayList<>();

  /** A declared container of the lab's configuration. */
  private record Ctr(String name, String ip, boolean published) {}

  private final Ctr c1 = new Ctr("c1", "10.207.0.11", true);
  private final Ctr c2 = new Ctr("c2", "10.207.0.12", false);

  @BeforeEach
  void setUp() {
    witness = new Witness(lab);
    bridge = "b" + lab.id;
    config = lab.config(yaml(c1, c2));
  }

  @AfterEach
  void tearDown() {
    // Stop every daemon this test started (by its pid) before the lab deletes the namespaces.
    for (DaemonProcess d : daemons) {
      d.kill();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The tests

  @Test
  void repairsKernelDriftAndNftablesDriftThenStopsOnSigtermLeavingTheNetwork() throws Exception {
    DaemonProcess daemon = start();
    assertConverged(List.of(c1, c2), daemon);
    assertThat(agent.ok("status", "-c", config.toString())).as("status while the daemon runs")
        .contains("daemon: running (pid " + daemon.pid + ", ");

    // (1) The host end of c1's veth pair is deleted (its peer, address and route go with it).
    int ifindexBefore = witness.link(lab.host, hostIf(c1)).path("ifindex").asInt();
    awaitNextReconcile(); // right after a reconcile, so the next resync is a whole period away and the event does the repair
    int mark = daemon.mark();
    long t0 = System.nanoTime();
    Sh.ok("ip", "-n", lab.host, "link", "del", hostIf(c1));
    long observed = Witness.awaitKernel(t0, "c1's veth pair recreated with its address and route", () -> containerProblems(c1));
    DaemonProcess.Repair repair = daemon.awaitRepair(mark);
    report("veth deleted (c1 host end)", observed, repair);
    assertThat(repair.reason()).as(daemon.log()).isEqualTo("kernel event");
    assertThat(repair.text()).contains("+ veth pair " + hostIf(c1), "10.207.0.11/24", "route default via " + GATEWAY);
    assertThat(witness.link(lab.host, hostIf(c1)).path("ifindex").asInt()).as("a new link").isNotEqualTo(ifindexBefore);

    // (2) The MTU of c2's host end is changed.
    awaitNextReconcile();
    mark = daemon.mark();
    t0 = System.nanoTime();
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", hostIf(c2), "mtu", "1400");
    observed = Witness.awaitKernel(t0, "c2's host end back at mtu 1500", () -> {
      List<String> problems = new ArrayList<>(containerProblems(c2));
      int bridgeMtu = witness.link(lab.host, bridge).path("mtu").asInt();
      if (bridgeMtu != 1500) {
        problems.add("bridge mtu " + bridgeMtu);
      }
      return problems;
    });
    repair = daemon.awaitRepair(mark);
    report("host veth mtu 1400 -> 1500 (c2)", observed, repair);
    assertThat(repair.reason()).as(daemon.log()).isEqualTo("kernel event");
    assertThat(repair.text()).contains(hostIf(c2), "mtu was 1400, wants 1500");

    // (2b) Inside c2's namespace its address goes (and the default route with it): only that
    // namespace's notification says so; the pass it starts must read that namespace again.
    awaitNextReconcile();
    mark = daemon.mark();
    t0 = System.nanoTime();
    Sh.ok("ip", "-n", lab.ns(c2.name), "addr", "del", c2.ip + "/24", "dev", "eth0");
    observed = Witness.awaitKernel(t0, "c2's address and default route back", () -> containerProblems(c2));
    repair = daemon.awaitRepair(mark);
    report("container address deleted (c2)", observed, repair);
    assertThat(repair.reason()).as(daemon.log()).isEqualTo("kernel event");
    assertThat(repair.text()).contains("+ address " + c2.ip + "/24", "route default via " + GATEWAY);

    // (3) The NAT table is deleted: nftables sends no rtnetlink notification, the next pass (at the latest the periodic resync) restores it.
    JsonNode tableBefore = witness.natTable();
    assertThat(tableBefore).as("the NAT table").isNotNull();
    assertThat(tableBefore.toString()).contains("8080", "10.207.0.11");
    mark = daemon.mark();
    t0 = System.nanoTime();
    lab.ok(lab.host, "nft", "delete", "table", "ip", "netagent");
    observed = Witness.awaitKernel(t0, "the table ip netagent restored as it was", () -> {
      JsonNode now = witness.natTable();
      return now == null ? List.of("table ip netagent missing")
          : now.equals(tableBefore) ? List.of() : List.of("table ip netagent differs: " + now);
    });
    repair = daemon.awaitRepair(mark);
    report("nft table ip netagent deleted", observed, repair);
    // Any pass reads the table: a notification about something else (a neighbour entry of the
    // pings above aging) may start the one that restores it before the resync does.
    assertThat(repair.reason()).as(daemon.log()).isIn("periodic resync", "kernel event");
    assertThat(repair.text()).contains("+ nftables table ip netagent (missing)");

    // The restored table works: the published port reaches c1.
    assertPublishedPortReaches(c1);
    assertThat(agent.plan(config).path("operations")).as("plan while the daemon runs").isEmpty();
    long repairs = daemon.lines().stream().filter(l -> l.contains("drift repaired (")).count();
    assertThat(repairs).as(daemon.log()).isGreaterThanOrEqualTo(3);
    String status = agent.ok("status", "-c", config.toString());
    assertThat(status).contains("daemon: running (pid " + daemon.pid + ", ", "drift repaired " + repairs + " time(s)");

    // (7) SIGTERM: exit code 0, and the network stays until netagent down.
    stopWithSigterm(daemon, List.of(c1, c2));
  }

  @Test
  void reloadsOnSighupAndKeepsTheLastGoodConfigurationWhenTheNewFileIsBroken() throws Exception {
    DaemonProcess daemon = start();
    assertConverged(List.of(c1, c2), daemon);

    // (4) A changed file: c2 gets another address, and a third container is declared.
    Ctr c2moved = new Ctr("c2", "10.207.0.22", false);
    Ctr c3 = new Ctr("c3", "10.207.0.13", false);
    String good = yaml(c1, c2moved, c3);
    Files.writeString(config, good);
    int mark = daemon.mark();
    long t0 = System.nanoTime();
    daemon.signal("HUP");
    long observed = Witness.awaitKernel(t0, "the reloaded configuration applied", () -> {
      List<String> problems = new ArrayList<>();
      problems.addAll(containerProblems(c2moved));
      problems.addAll(containerProblems(c3));
      if (problems.isEmpty() && witness.addresses(lab.ns("c2"), "eth0").contains("10.207.0.12/24")) {
        problems.add("c2 still has 10.207.0.12");
      }
      return problems;
    });
    String reloaded = daemon.await("reloaded ", mark);
    assertThat(reloaded).contains(config.toString());
    Matcher applied = RELOAD_APPLIED.matcher(daemon.await("applied the reloaded configuration (", mark));
    assertThat(applied.find()).isTrue();
    report("SIGHUP with a changed file", observed, new DaemonProcess.Repair("reload", Long.parseLong(applied.group(1)), applied.group(2)));
    assertThat(daemon.linesSince(mark)).as("a new configuration is not drift").noneMatch(l -> l.contains("drift repaired ("));
    assertThat(witness.addresses(lab.ns("c2"), "eth0")).containsExactly("10.207.0.22/24");
    assertThat(lab.namespaces()).contains(lab.ns("c3"));
    String neighbours = lab.ip(lab.host, "neigh", "show", "dev", bridge, "nud", "permanent").toString();
    assertThat(neighbours).contains("\"dst\":\"10.207.0.22\"", "\"dst\":\"10.207.0.13\"").doesNotContain("\"dst\":\"10.207.0.12\"");
    assertThat(agent.plan(config).path("operations")).as("plan of the new file").isEmpty();
    assertPublishedPortReaches(c1);
    List<Ctr> declared = List.of(c1, c2moved, c3);

    // (5) A broken file, twice (an unknown key, then invalid YAML): rejected, the kernel stays exactly as it was.
    awaitNextReconcile();
    String before = snapshot();
    String[] broken = {
        good.replace("gateway: " + GATEWAY, "gateway: " + GATEWAY + ", colour: blue")
            .replace("ip: 10.207.0.13", "ip: 10.207.0.99"), // also a change that must not be applied
        good.replace("ip: 10.207.0.22", "ip: 10.207.0.77") + "  - { name: c4, network: lab, ip: 10.207.0.44\n"}; // an unclosed flow mapping
    for (String file : broken) {
      Files.writeString(config, file);
      mark = daemon.mark();
      daemon.signal("HUP");
      String rejected = daemon.await("reload rejected", mark);
      assertThat(rejected).contains(config.toString(), "the last good configuration stays in force");
      assertThat(daemon.linesSince(mark)).as("the problems of the file are logged").anyMatch(l -> l.contains(config.getFileName().toString() + ":"));
      // A whole resync period with the broken file on disk: nothing may change.
      awaitNextReconcile();
      awaitNextReconcile();
      assertThat(snapshot()).as("the kernel after a rejected reload").isEqualTo(before);
      assertThat(daemon.linesSince(mark)).noneMatch(l -> l.contains("drift repaired ("));
      assertThat(daemon.process.isAlive()).isTrue();
    }
    // status needs a valid file: the copy of the good one.
    assertThat(agent.ok("status", "-c", lab.config(good).toString()))
        .containsPattern("daemon: running \\(pid " + daemon.pid + ", .*last reload \\S+ rejected");

    // The last good configuration is still the one kept: drift of c3 (declared only by it) is repaired.
    awaitNextReconcile();
    mark = daemon.mark();
    t0 = System.nanoTime();
    Sh.ok("ip", "-n", lab.host, "link", "del", hostIf(c3));
    observed = Witness.awaitKernel(t0, "c3's veth pair recreated", () -> containerProblems(c3));
    DaemonProcess.Repair repair = daemon.awaitRepair(mark);
    report("veth deleted (c3) after a rejected reload", observed, repair);
    assertThat(repair.reason()).isEqualTo("kernel event");
    assertThat(witness.addresses(lab.ns("c3"), "eth0")).containsExactly("10.207.0.13/24");
    assertThat(witness.addresses(lab.ns("c2"), "eth0")).containsExactly("10.207.0.22/24");

    Files.writeString(config, good);
    stopWithSigterm(daemon, declared);
  }

  @Test
  void afterSigkillARestartedDaemonConvergesWithoutLeaks() throws Exception {
    List<String> foreignLinks = witness.linkNames(lab.host); // what the fresh host namespace has (lo, perhaps tunnel devices)
    DaemonProcess first = start();
    assertConverged(List.of(c1, c2), first);

    // (6) SIGKILL, then a new daemon: it converges, and nothing of the first is left over.
    first.sigkill();
    assertThat(agent.ok("status", "-c", config.toString())).contains("daemon: not running");
    DaemonProcess second = start();
    assertNoLeaks(List.of(c1, c2), foreignLinks);
    assertThat(second.linesSince(0)).as("nothing to do after a restart").noneMatch(l -> l.contains("converged ("));
    assertThat(agent.ok("status", "-c", config.toString())).contains("daemon: running (pid " + second.pid + ", ");

    // (7) SIGTERM, then down.
    stopWithSigterm(second, List.of(c1, c2));
  }

  @Test
  void afterSigkillDuringAReloadThatCreatesANamespaceARestartedDaemonConvergesWithoutLeaks() throws Exception {
    List<String> foreignLinks = witness.linkNames(lab.host);
    DaemonProcess daemon = start();
    assertConverged(List.of(c1, c2), daemon);

    // Each round: a reload that removes the last container and declares a new one; SIGKILL as
    // soon as the new container's namespace file appears under /run/netns (the removals are done,
    // the namespace, veth pair, address, route, ... are being made); then a new daemon, which must
    // converge without leaks. Where exactly the kill lands varies, hence several rounds.
    List<Ctr> declared = List.of(c1, c2);
    for (int n = 3; n <= 6; n++) {
      Ctr next = new Ctr("c" + n, "10.207.0." + (10 + n), false);
      Files.writeString(config, yaml(c1, next));
      Path nextNs = Path.of("/run/netns", lab.ns(next.name));
      daemon.signal("HUP");
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (!Files.exists(nextNs)) {
        assertThat(System.nanoTime()).as("%s's namespace appears after the reload\n%s", next.name, daemon.log()).isLessThan(deadline);
        Thread.onSpinWait();
      }
      daemon.sigkill();
      boolean mounted = Sh.run("findmnt", "-n", nextNs.toString()).code() == 0;
      System.out.println("DaemonIT killed during the reload to " + next.name + "; " + nextNs + (Files.exists(nextNs) ? " exists" : " does not exist")
          + (mounted ? ", a namespace mount" : ", NOT a mount point") + "; " + next.name + ": " + containerProblems(next) + "\nDaemonIT " + daemon.log());

      daemon = start();
      declared = List.of(c1, next);
      assertNoLeaks(declared, foreignLinks);
    }
    assertPublishedPortReaches(c1);
    assertThat(agent.ok("status", "-c", config.toString())).contains("daemon: running (pid " + daemon.pid + ", ");

    stopWithSigterm(daemon, declared);
  }

  // ---------------------------------------------------------------------------------------------
  // Steps shared by the tests

  /** Starts {@code netagent run --resync 2} and waits for "ready:". */
  private DaemonProcess start() {
    long t0 = System.nanoTime();
    DaemonProcess d = new DaemonProcess(agent.start("run", "-c", config.toString(), "--resync", "2"));
    daemons.add(d);
    String ready = d.await("ready: ", 0);
    // env and nsenter exec: the pid signals go to is the java process itself.
    String cmdline = Sh.ok("cat", "/proc/" + d.pid + "/cmdline").replace('\0', ' ');
    assertThat(cmdline).as("the started pid is the java process").contains("java", "netagent.jar", " run ");
    assertThat(ready).contains("ready: 1 network(s), ");
    System.out.printf("DaemonIT timing start-to-ready: %d ms (pid %d)%n", (System.nanoTime() - t0) / 1_000_000, d.pid);
    return d;
  }

  private void assertConverged(List<Ctr> containers, DaemonProcess daemon) {
    for (Ctr c : containers) {
      assertThat(containerProblems(c)).as("container %s\n%s", c.name, daemon.log()).isEmpty();
    }
    JsonNode br = witness.link(lab.host, bridge);
    assertThat(br).as("bridge").isNotNull();
    assertThat(br.path("ifalias").asText()).isEqualTo("netagent:lab");
    assertThat(lab.ip(lab.host, "addr", "show", "dev", bridge).get(0).path("addr_info").toString())
        .contains("\"local\":\"" + GATEWAY + "\"", "\"prefixlen\":24");
    assertThat(witness.natTable()).as("table ip netagent").isNotNull();
    assertThat(agent.plan(config).path("operations")).as("plan after ready").isEmpty();
  }

  /** SIGTERM: exit code 0, the network stays (bridge, namespaces, a still-empty plan); down then removes it. */
  private void stopWithSigterm(DaemonProcess daemon, List<Ctr> declared) throws Exception {
    int mark = daemon.mark();
    long t0 = System.nanoTime();
    daemon.signal("TERM");
    assertThat(daemon.process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("exits after SIGTERM\n%s", daemon.log()).isTrue();
    System.out.printf("DaemonIT timing sigterm-to-exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(daemon.process.exitValue()).as(daemon.log()).isZero();
    daemon.readers(); // all output read
    assertThat(daemon.linesSince(mark)).anyMatch(l -> l.contains("stopping; the kernel state stays"));

    assertThat(witness.link(lab.host, bridge)).as("the bridge stays").isNotNull();
    for (Ctr c : declared) {
      assertThat(lab.namespaces()).contains(lab.ns(c.name));
      assertThat(containerProblems(c)).as("container %s after SIGTERM", c.name).isEmpty();
    }
    assertThat(witness.natTable()).as("table ip netagent stays").isNotNull();
    assertThat(agent.plan(config).path("operations")).as("plan after SIGTERM").isEmpty();
    assertThat(agent.ok("status", "-c", config.toString())).contains("daemon: not running");

    assertThat(agent.ok("down", "-c", config.toString())).contains("Removed ");
    assertThat(witness.ownedLinks()).as("owned links after down").isEmpty();
    assertThat(witness.link(lab.host, bridge)).as("bridge after down").isNull();
    assertThat(lab.namespaces()).as("namespaces after down").containsExactly(lab.host);
    assertThat(witness.natTable()).as("table ip netagent after down").isNull();
  }

  /** The restarted daemon converged and nothing of earlier runs is left: empty plan, only declared links and namespaces. */
  private void assertNoLeaks(List<Ctr> declared, List<String> foreignLinks) {
    assertThat(agent.plan(config).path("operations")).as("plan after the restart").isEmpty();
    TreeSet<String> expected = new TreeSet<>();
    expected.add(bridge);
    declared.forEach(c -> expected.add(hostIf(c)));
    assertThat(new TreeSet<>(witness.ownedLinks())).as("owned links in the host namespace").isEqualTo(expected);
    TreeSet<String> all = new TreeSet<>(foreignLinks);
    all.addAll(expected);
    assertThat(new TreeSet<>(witness.linkNames(lab.host))).as("links in the host namespace").isEqualTo(all);
    TreeSet<String> namespaces = new TreeSet<>();
    namespaces.add(lab.host);
    declared.forEach(c -> namespaces.add(lab.ns(c.name)));
    assertThat(new TreeSet<>(lab.namespaces())).as("namespaces").isEqualTo(namespaces);
    for (Ctr c : declared) {
      assertThat(containerProblems(c)).as("container %s", c.name).isEmpty();
      assertThat(witness.linkNames(lab.ns(c.name))).as("links in %s", c.name).containsExactlyInAnyOrder("lo", "eth0");
    }
    String neighbours = lab.ip(lab.host, "neigh", "show", "nud", "permanent").toString();
    for (Ctr c : declared) {
      assertThat(neighbours).contains("\"dst\":\"" + c.ip + "\"");
    }
    assertThat(lab.ip(lab.host, "neigh", "show", "nud", "permanent")).as("permanent neighbours").hasSize(declared.size());
    JsonNode table = witness.natTable();
    assertThat(table).as("table ip netagent").isNotNull();
    for (Ctr c : declared) {
      if (c.published) {
        assertThat(table.toString()).contains(c.ip);
      }
    }
  }

  /** Connects from the host namespace to the published port on the gateway address; socat in the container answers. */
  private void assertPublishedPortReaches(Ctr c) throws InterruptedException {
    String answer = "served by " + c.name;
    Process server = lab.spawn(lab.ns(c.name), "socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo " + answer.replace(" ", "-"));
    try {
      long deadline = System.nanoTime() + BOUND.toNanos();
      Processes.Result r;
      do {
        r = lab.in(lab.host, "socat", "-t", "5", "-T", "5", "-", "TCP:" + GATEWAY + ":8080,connect-timeout=5");
        if (r.out().contains(answer.replace(" ", "-"))) {
          return;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      throw new AssertionError("port 8080 on " + GATEWAY + " does not reach " + c.name + ": " + r);
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The kernel, seen with ip and nft

  private String yaml(Ctr... containers) {
    StringBuilder sb = new StringBuilder("""
        networks:
          - { name: lab, bridge: %s, subnet: 10.207.0.0/24, gateway: %s }
        containers:
        """.formatted(bridge, GATEWAY));
    for (Ctr c : containers) {
      sb.append("  - { name: %s, network: lab, namespace: %s, createNamespace: true, hostInterface: %s, ip: %s%s }\n".formatted(
          c.name, lab.ns(c.name), hostIf(c), c.ip, c.published ? ", ports: [ { host: 8080, container: 80, protocol: tcp } ]" : ""));
    }
    return sb.toString();
  }

  private String hostIf(Ctr c) {
    return "v" + lab.id + c.name.substring(1);
  }



  /** What differs between the kernel and a declared container (empty when it is as declared), cheapest checks first. */
  private List<String> containerProblems(Ctr c) {
    return witness.wiringProblems(new Witness.Wiring(bridge, hostIf(c), "netagent:lab/" + c.name, lab.ns(c.name), c.ip + "/24", GATEWAY, 1500));
  }

  /**
   * Everything a reload could change, in the host and every lab namespace: links (ifindex, name,
   * MTU, MAC, master, alias, group, flags), IPv4 addresses, routes, permanent neighbours, the
   * namespaces themselves and the NAT table.
   */
  private String snapshot() {
    Map<String, Object> all = new TreeMap<>();
    all.put("namespaces", new TreeSet<>(lab.namespaces()));
    for (String ns : lab.namespaces()) {
      List<String> links = new ArrayList<>();
      for (JsonNode l : lab.ip(ns, "link", "show")) {
        List<String> flags = new ArrayList<>();
        l.path("flags").forEach(f -> flags.add(f.asText()));
        links.add(String.join(" ", "ifindex=" + l.path("ifindex").asInt(), l.path("ifname").asText(), "mtu=" + l.path("mtu").asInt(),
            l.path("address").asText(), "master=" + l.path("master").asText(), "alias=" + l.path("ifalias").asText(),
            "group=" + l.path("group").asText(), new TreeSet<>(flags).toString()));
      }
      all.put(ns + " links", links);
      List<String> addrs = new ArrayList<>();
      for (JsonNode l : lab.ip(ns, "-4", "addr", "show")) {
        l.path("addr_info").forEach(a -> addrs.add(l.path("ifname").asText() + " " + a.path("local").asText() + "/" + a.path("prefixlen").asInt()));
      }
      all.put(ns + " addresses", addrs);
      all.put(ns + " routes", lab.ip(ns, "route", "show").toString());
      all.put(ns + " permanent neighbours", lab.ip(ns, "neigh", "show", "nud", "permanent").toString());
    }
    all.put("nat", String.valueOf(witness.natTable()));
    return all.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
  }

  /** The daemon's reconcile counter in daemon.json, or -1 before it is written. */
  private long reconciles() {
    try {
      return JSON.readTree(agent.stateDir().resolve("daemon.json").toFile()).path("reconciles").asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Waits until the daemon finishes its next reconcile (at most one resync period away). Drift
   * caused right after it is a whole resync period from the next resync, so a kernel event, not
   * the resync, must be what repairs it.
   */
  private void awaitNextReconcile() throws InterruptedException {
    long before = reconciles();
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (reconciles() <= before) {
      assertThat(System.nanoTime()).as("a reconcile at least every resync period (2 s)").isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  private static void report(String what, long observedMillis, DaemonProcess.Repair repair) {
    System.out.printf("DaemonIT timing repair %-45s kernel correct again after %5d ms (polled with ip/nft); daemon logged %5d ms (%s)%n",
        "[" + what + "]", observedMillis, repair.millis(), repair.reason());
  }

}
