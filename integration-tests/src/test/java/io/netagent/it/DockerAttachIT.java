package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.api.ApiClient;
import io.netagent.api.ApiResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Docker container attached through the live API (README "Live API"): {@code docker run
 * --network none} of the locally built {@code netagent-it:latest}, attached by its
 * {@code /proc/PID/ns/net} with a published port that real TCP traffic reaches, beside a
 * container the file declares in a lab namespace. Then {@code docker stop}, and at the same time
 * drift on the other container: within the bound the Docker container's veth pair is gone from
 * the lab's host namespace and its namespace destroyed (the daemon does not pin it), its NAT map
 * elements are gone, its attachment shows {@code absent (namespace gone)}, and the other
 * container's drift is repaired. The measured time is printed; the bound (20 s) is only
 * against hangs. A machine without a reachable Docker engine fails this test.
 */
@ExtendWith(LabExtension.class)
class DockerAttachIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGE = "netagent-it:latest";
  private static final String PREFIX = "10.213.0";
  private static final String GATEWAY = PREFIX + ".1";
  private static final String C2_IP = PREFIX + ".12";
  private static final int HOST_PORT = 8080;
  private static final Duration BOUND = Duration.ofSeconds(20);

  private Lab lab;
  private Agent agent;
  private Witness kernel;
  private String bridge;
  private String container;
  private boolean containerCreated;
  private Process server;
  private DaemonProcess daemon;

  @BeforeEach
  void setUp() {
    kernel = new Witness(lab);
    bridge = "b" + lab.id;
    container = "netagent-it-" + lab.id;
    Processes.Result info = Sh.run("docker", "info", "--format", "{{.ServerVersion}}");
    assertThat(info.code()).as("the Docker engine must answer (.ci/run starts it): %s %s", info.out(), info.err()).isZero();
    Processes.Result image = Sh.run("docker", "image", "inspect", "--format", "{{.Id}}", IMAGE);
    assertThat(image.code()).as("the image %s must exist (.ci/build-test-image builds it): %s", IMAGE, image.err()).isZero();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    try {
      stopServer();
    } finally {
      try {
        if (containerCreated) {
          Sh.run("docker", "rm", "-f", container); // only the container this test made, by its name
        }
      } finally {
        if (daemon != null) {
          daemon.kill();
        }
      }
    }
  }

  @Test
  void aDockerContainerIsAttachedReachedThroughItsPublishedPortAndLetGoWhenItStops() throws Exception {
    Path config = lab.config("""
        networks:
          - { name: lab, bridge: %1$s, subnet: %2$s.0/24, gateway: %3$s }
        containers:
          - { name: c2, network: lab, namespace: %4$s, createNamespace: true, hostInterface: v%5$s2, ip: %6$s }
        """.formatted(bridge, PREFIX, GATEWAY, lab.ns("c2"), lab.id, C2_IP));
    // The resync is far off: the namespace poller and kernel events must do the work, not a periodic pass.
    daemon = DaemonProcess.start(agent, config, "--resync", "300");

    containerCreated = true; // from here on, remove it whatever happens
    String id = Sh.ok("docker", "run", "-d", "--network", "none", "--name", container, IMAGE, "sleep", "infinity").trim();
    String pid = Sh.ok("docker", "inspect", "-f", "{{.State.Pid}}", container).trim();
    assertThat(Long.parseLong(pid)).as("the container's pid").isPositive();
    String netns = "/proc/" + pid + "/ns/net";
    System.out.printf("DockerAttachIT container %s (%s), pid %s%n", container, id, pid);

    // A server in the container's namespace, started (and later killed, by its pid) by the test: the image has no socat.
    server = new ProcessBuilder("nsenter", "--net=" + netns, "socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo hello-from-docker")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

    String attachmentId = "d" + lab.id;
    String hostIf = "v" + lab.id + "d";
    ObjectNode body = JSON.createObjectNode();
    body.put("id", attachmentId);
    body.put("network", "lab");
    body.put("namespace", netns);
    body.put("hostInterface", hostIf);
    ObjectNode port = body.putArray("ports").addObject();
    port.put("host", HOST_PORT);
    port.put("container", 80);
    ApiClient api = agent.api();
    ApiResponse attached = api.exchange("POST", "/attachments", body.toString());
    assertThat(attached.status()).as("attach: %s\n%s", attached.body(), daemon.log()).isEqualTo(201);
    String ip = attached.json().path("ip").asText();
    assertThat(attached.json().path("state").asText()).isEqualTo("converged");

    // Wired: the address inside the container, the host end on the bridge, the published port in the NAT maps.
    JsonNode eth0 = Lab.json(Sh.ok("nsenter", "--net=" + netns, "ip", "-j", "-4", "addr", "show", "dev", "eth0"));
    assertThat(eth0.toString()).as("eth0 in the Docker container").contains("\"local\":\"" + ip + "\"");
    JsonNode veth = kernel.link(lab.host, hostIf);
    assertThat(veth).as("the container's host end").isNotNull();
    assertThat(veth.path("master").asText()).isEqualTo(bridge);
    String nsid = veth.path("link_netnsid").asText();
    assertThat(nsid).as("the host namespace's id for the container's namespace").isNotEmpty();
    assertThat(kernel.natMapElements()).contains("any_addr tcp " + HOST_PORT + " -> " + ip, "any_port tcp " + HOST_PORT + " -> 80");

    // Real traffic through the published port: from the lab's host namespace, and from the other container on the bridge.
    assertReaches(lab.host);
    assertReaches(lab.ns("c2"));

    // Nothing of the test may keep the container's namespace alive.
    stopServer();

    // docker stop, and at the same time drift on the other container.
    int mark = daemon.mark();
    long t0 = System.nanoTime();
    CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
      Sh.ok("docker", "stop", "-t", "1", container);
      return System.nanoTime();
    });
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", "v" + lab.id + "2", "mtu", "1400");
    long done = await("the container let go and c2 repaired", t0, () -> {
      List<String> problems = new ArrayList<>();
      if (kernel.link(lab.host, hostIf) != null) {
        problems.add("host end " + hostIf + " still there");
      }
      if (Sh.ok("ip", "-n", lab.host, "netns", "list-id").lines().anyMatch(l -> l.matches("nsid " + nsid + "( .*)?"))) {
        problems.add("the container's namespace (nsid " + nsid + " in the host namespace) not destroyed");
      }
      if (kernel.natMapElements().stream().anyMatch(e -> e.contains(" " + HOST_PORT + " "))) {
        problems.add("NAT map elements " + kernel.natMapElements());
      }
      ApiResponse view = api.exchange("GET", "/attachments/" + attachmentId, null);
      if (view.status() != 200 || !view.json().path("state").asText().equals("absent (namespace gone)")) {
        problems.add("attachment " + view.status() + " " + view.body());
      }
      JsonNode c2 = kernel.link(lab.host, "v" + lab.id + "2");
      if (c2 == null || c2.path("mtu").asInt() != 1500) {
        problems.add("c2's host end " + (c2 == null ? "missing" : "mtu " + c2.path("mtu").asInt()));
      }
      return problems;
    });
    long stopReturned = stopped.get(BOUND.toSeconds() * 3, TimeUnit.SECONDS);
    System.out.printf("DockerAttachIT timing: docker stop took %d ms; everything as expected %d ms after docker stop began (%d ms after it returned)%n",
        (stopReturned - t0) / 1_000_000, (done - t0) / 1_000_000, (done - stopReturned) / 1_000_000);

    String after = String.join("\n", daemon.linesSince(mark));
    assertThat(after).as("the daemon repaired c2's drift\n%s", daemon.log()).contains("mtu was 1400, wants 1500");
    assertThat(kernel.addresses(lab.ns("c2"), "eth0")).containsExactly(C2_IP + "/24");
    assertThat(kernel.ownedLinks()).as("netagent's links").containsExactlyInAnyOrder(bridge, "v" + lab.id + "2");
    assertThat(kernel.permanentNeighbourEntries()).as("permanent neighbours").hasSize(1).allMatch(n -> n.startsWith(C2_IP + " "));
    JsonNode listed = api.call("GET", "/attachments", null).json();
    assertThat(listed).as("the attachment stays (its runtime detaches it)").hasSize(1);
    assertThat(daemon.process.isAlive()).isTrue();
  }

  private void assertReaches(String ns) throws InterruptedException {
    lab.awaitTcpAnswer(ns, GATEWAY, HOST_PORT, "hello-from-docker", "the Docker container");
  }


  /** Polls until {@code problems} is empty, within {@link #BOUND} of {@code t0}; returns when (System.nanoTime). */
  private static long await(String what, long t0, Supplier<List<String>> problems) throws InterruptedException {
    List<String> last;
    do {
      last = problems.get();
      if (last.isEmpty()) {
        return System.nanoTime();
      }
      Thread.sleep(20);
    } while (System.nanoTime() - t0 < BOUND.toNanos());
    throw new AssertionError(what + ": not within " + BOUND.toSeconds() + " s; still " + last);
  }

  /** Stops the server the test started in the container's namespace (socat and the children it forked), by their pids. */
  private void stopServer() throws InterruptedException {
    if (server == null) {
      return;
    }
    server.descendants().forEach(ProcessHandle::destroyForcibly);
    server.destroyForcibly();
    assertThat(server.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS)).as("the server ends").isTrue();
    server = null;
  }
}
