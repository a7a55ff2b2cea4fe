package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Containers of the file whose namespaces come and go while {@code netagent run} runs, with a
 * resync period far longer than the test, so that only events (the namespace poll and rtnetlink
 * notifications) can explain what happens. A container whose namespace disappears is withdrawn
 * (its host veth, its permanent neighbour entry on the bridge and its NAT map elements go) while
 * another container's drift at the same moment is repaired; status shows it as
 * {@code absent (namespace gone)} and the daemon's plan is empty; when the namespace is created
 * again it is wired again. When a process keeps the namespace alive after its name is deleted,
 * the daemon itself deletes the host veth: nothing can reach the container by that name any more.
 * Everything is checked from outside with {@code ip -j} and {@code nft -j}.
 *
 * <p>Only generous bounds against hangs are asserted; how long the withdrawal and the new wiring
 * took is printed as {@code ContainersComeAndGoIT timing ...} lines.
 */
@ExtendWith(LabExtension.class)
class ContainersComeAndGoIT {
  private static final String SUBNET = "10.206.0";
  private static final String GATEWAY = SUBNET + ".1";

  private Lab lab;
  private Agent agent;
  private Witness witness;
  private String bridge;
  private Path config;
  private DaemonProcess daemon;
  private Process holder;

  /** A container of the file: published ones map host port 8080 to port 80. */
  private record Ctr(String name, String ip, boolean published) {}

  private final Ctr c1 = new Ctr("c1", SUBNET + ".11", true);
  private final Ctr c2 = new Ctr("c2", SUBNET + ".12", false);

  @BeforeEach
  void setUp() {
    witness = new Witness(lab);
    bridge = "b" + lab.id;
    StringBuilder yaml = new StringBuilder("""
        networks:
          - { name: lab, bridge: %s, subnet: %s.0/24, gateway: %s }
        containers:
        """.formatted(bridge, SUBNET, GATEWAY));
    for (Ctr c : List.of(c1, c2)) {
      yaml.append("  - { name: %s, network: lab, namespace: %s, createNamespace: false, hostInterface: %s, ip: %s%s }\n".formatted(c.name,
          lab.ns(c.name), hostIf(c), c.ip, c.published ? ", ports: [ { host: 8080, container: 80 } ]" : ""));
    }
    config = lab.config(yaml.toString());
    lab.addNs(c1.name);
    lab.addNs(c2.name);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (holder != null) {
      holder.destroyForcibly(); // by its pid
      holder.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS);
    }
    if (daemon != null) {
      daemon.kill();
    }
  }

  @Test
  void aDeletedNamespaceIsWithdrawnWhileOtherDriftIsRepairedAndWiredAgainWhenItComesBack() throws Exception {
    start();

    // At the same moment: c1's namespace is deleted and c2's host end gets another MTU.
    long t0 = System.nanoTime();
    Process del = new ProcessBuilder("ip", "netns", "del", lab.ns(c1.name)).start();
    Process mtu = new ProcessBuilder("ip", "-n", lab.host, "link", "set", "dev", hostIf(c2), "mtu", "1400").start();
    assertThat(del.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS) && del.exitValue() == 0).as("ip netns del").isTrue();
    assertThat(mtu.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS) && mtu.exitValue() == 0).as("ip link set mtu").isTrue();

    long withdrawn = Witness.awaitKernel(t0, "c1 withdrawn", () -> withdrawalProblems(c1));
    long repaired = Witness.awaitKernel(t0, "c2 repaired", () -> wiringProblems(c2));
    System.out.printf("ContainersComeAndGoIT timing [namespace deleted, other container drifted] c1 withdrawn after %d ms, c2 repaired after %d ms%n",
        withdrawn, repaired);
    assertAbsentInStatusAndPlanEmpty();

    // The namespace comes back (empty, as a runtime makes it): c1 is wired again, without a resync.
    t0 = System.nanoTime();
    Sh.ok("ip", "netns", "add", lab.ns(c1.name));
    long rewired = Witness.awaitKernel(t0, "c1 wired again", () -> wiringProblems(c1));
    System.out.printf("ContainersComeAndGoIT timing [namespace created again] c1 wired again after %d ms%n", rewired);
    assertConverged();
  }

  @Test
  void aNamespaceKeptAliveByAProcessLosesItsHostVethWhenItsNameIsDeleted() throws Exception {
    String ns = lab.ns(c1.name);
    start();
    holder = lab.spawn(ns, "sleep", "600");
    String inode = Sh.ok("stat", "-L", "-c", "%i", "/run/netns/" + ns).strip();
    Path held = Path.of("/proc", String.valueOf(holder.pid()), "ns", "net");
    Witness.awaitKernel(System.nanoTime(), "sleep runs in " + ns, () -> Sh.run("readlink", held.toString()).out().contains("[" + inode + "]")
        ? List.of() : List.of("sleep not yet in " + ns));

    long t0 = System.nanoTime();
    Sh.ok("ip", "netns", "del", ns);
    long withdrawn = Witness.awaitKernel(t0, "c1's host veth deleted though its namespace lives on", () -> withdrawalProblems(c1));
    System.out.printf("ContainersComeAndGoIT timing [namespace name deleted, namespace held by pid %d] c1 withdrawn after %d ms%n", holder.pid(),
        withdrawn);
    assertThat(holder.isAlive()).as("the namespace is still held").isTrue();
    JsonNode links = Lab.json(Sh.ok("nsenter", "--net=" + held, "ip", "-j", "link", "show"));
    List<String> names = new ArrayList<>();
    links.forEach(l -> names.add(l.path("ifname").asText()));
    assertThat(names).as("links left in the held namespace (the container end went with the host end)").containsExactly("lo");
    assertThat(wiringProblems(c2)).as("c2").isEmpty();
    assertAbsentInStatusAndPlanEmpty();

    // A new namespace under the same name: c1 is wired there.
    t0 = System.nanoTime();
    Sh.ok("ip", "netns", "add", ns);
    long rewired = Witness.awaitKernel(t0, "c1 wired again", () -> wiringProblems(c1));
    System.out.printf("ContainersComeAndGoIT timing [namespace created again, the old one still held] c1 wired again after %d ms%n", rewired);
    assertConverged();
    assertThat(Lab.json(Sh.ok("nsenter", "--net=" + held, "ip", "-j", "link", "show"))).as("the held namespace stays empty").hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------

  /** Starts {@code netagent run} with a resync period far longer than the test and checks the declared state. */
  private void start() throws IOException {
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    assertConverged();
  }

  private void assertConverged() {
    for (Ctr c : List.of(c1, c2)) {
      assertThat(wiringProblems(c)).as("%s\n%s", c.name, daemon.log()).isEmpty();
      assertThat(witness.permanentNeighbours(bridge)).as("permanent neighbours on the bridge").contains(c.ip);
    }
    List<String> elements = witness.natMapElements();
    assertThat(elements).as("NAT map elements").hasSize(2).allMatch(e -> e.contains(" tcp 8080 ")).anyMatch(e -> e.endsWith(" -> " + c1.ip));
    assertThat(agent.ok("status")).as("status").containsPattern("container c1 \\(.*\\)\\s+converged").containsPattern("container c2 \\(.*\\)\\s+converged");
  }

  /** What is still there of a withdrawn container: its host veth, its neighbour entry on the bridge, its NAT map elements. */
  private List<String> withdrawalProblems(Ctr c) {
    List<String> problems = new ArrayList<>();
    if (witness.link(lab.host, hostIf(c)) != null) {
      problems.add("host veth " + hostIf(c) + " still there");
    }
    if (witness.permanentNeighbours(bridge).contains(c.ip)) {
      problems.add("permanent neighbour " + c.ip + " still on " + bridge);
    }
    List<String> elements = witness.natMapElements();
    if (elements.stream().anyMatch(e -> e.endsWith(" -> " + c.ip) || e.contains(" tcp 8080 "))) {
      problems.add("NAT map elements " + elements);
    }
    return problems;
  }

  /** c is absent for the daemon's status; the daemon's plan (netagent plan while it runs) has nothing to do and no conflict. */
  private void assertAbsentInStatusAndPlanEmpty() {
    String status = agent.ok("status");
    assertThat(status).as("status").contains("the daemon's view").containsPattern("container c1 \\(.*\\)\\s+absent \\(namespace gone\\)")
        .containsPattern("container c2 \\(.*\\)\\s+converged");
    JsonNode plan = Lab.json(agent.ok("plan", "-o", "json"));
    assertThat(plan.path("kernel").asText()).isEqualTo("live kernel (daemon)");
    assertThat(plan.path("operations")).as("the daemon's plan: %s", plan).isEmpty();
    assertThat(plan.path("conflicts")).as("the daemon's plan: %s", plan).isEmpty();
  }

  private List<String> wiringProblems(Ctr c) {
    return witness.wiringProblems(new Witness.Wiring(bridge, hostIf(c), "netagent:lab/" + c.name, lab.ns(c.name), c.ip + "/24", GATEWAY, 1500));
  }

  private String hostIf(Ctr c) {
    return "v" + lab.id + c.name.substring(1);
  }
}
