package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Podman 4.3 with its CNI backend as the real client of the netagent plugin
 * (docs/test-environment.md): a private {@code CONTAINERS_CONF} (network_backend cni, the plugin
 * directory of the test holding {@code netagent}, the plugin executable, the test's
 * conflist directory, runc, cgroupfs), a private storage root (vfs) into which the image is loaded
 * from Docker, and podman run inside the lab's host namespace with {@code nsenter --net}. A
 * container started with {@code -p 8080:80} is wired by the daemon and reached through the
 * published port from the lab's host; {@code podman rm -f} leaves no veth, map element or
 * attachment; a second container asking for the same host port fails at {@code podman run} with
 * netagent's message; two containers reach each other through their published ports; podman restart,
 * 20 containers started in parallel, and a SIGKILLed and restarted daemon (CNI CHECK through the
 * plugin afterwards) leave every container wired. Fails without Docker's image or Podman.
 */
@ExtendWith(LabExtension.class)
class PodmanCniIT {
  private static final String IMAGE = "netagent-it:latest";
  private static final String SUBNET = "10.215.0";
  private static final String GATEWAY = SUBNET + ".1";
  private static final int HOST_PORT = 8080;

  private Lab lab;
  private Agent agent;
  private Witness kernel;
  private DaemonProcess daemon;
  private Path conf;
  private Path root;
  private Path runroot;
  private String network;
  private Path config;
  /** Names of the containers this test made (some from several threads), removed in teardown. */
  private final List<String> containers = new CopyOnWriteArrayList<>();
  private final List<Process> servers = new ArrayList<>();

  @TempDir
  Path dir;

  /** Directories Podman 4.3 and runc make outside the test's own (the CNI library's cache, runc's state); removed again if this test made them and they are empty. */
  private static final List<Path> MACHINE_DIRS = List.of(Path.of("/var/lib/cni/results"), Path.of("/var/lib/cni"), Path.of("/run/runc"));
  private final List<Path> madeHere = new ArrayList<>();
  /** Whether Podman's cgroup parent (cgroupfs manager) did not exist before this test: it is removed again when empty. */
  private boolean cgroupsMadeHere;

  @BeforeEach
  void setUp() throws Exception {
    MACHINE_DIRS.stream().filter(d -> !Files.exists(d)).forEach(madeHere::add);
    cgroupsMadeHere = !Files.exists(Path.of("/sys/fs/cgroup/pids/libpod_parent")) && !Files.exists(Path.of("/sys/fs/cgroup/libpod_parent"));
    kernel = new Witness(lab);
    assertThat(Sh.run("podman", "--version").code()).as("podman (Debian's podman 4.3) must be installed").isZero();
    Processes.Result image = Sh.run("docker", "image", "inspect", "--format", "{{.Id}}", IMAGE);
    assertThat(image.code()).as("the image %s must exist in Docker (.ci/build-test-image builds it): %s", IMAGE, image.err()).isZero();

    Path bin = new CniPlugin(dir).bin();

    // runc with its state under the test's directory, through containers.conf so that every podman
    // process sees it: with --runtime-flag root=, conmon's exit command (podman container cleanup)
    // runs runc without it, and podman restart then fails now and then with runc's "container with
    // given ID already exists" (checked here: 3 in 6 stop/start cycles; 0 in 6 with this wrapper).
    Path runtimeBin = Files.createDirectories(dir.resolve("runtime-bin"));
    Path runc = runtimeBin.resolve("runc");
    Files.writeString(runc, "#!/bin/sh\nexec /usr/bin/runc --root '%s' \"$@\"\n".formatted(dir.resolve("runc")));
    Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwxr-xr-x"));

    network = "net" + lab.id;
    Path netd = Files.createDirectories(dir.resolve("net.d"));
    Files.writeString(netd.resolve(network + ".conflist"), """
        {"cniVersion": "0.4.0", "name": "%s", "plugins": [
          {"type": "netagent", "network": "lab", "socket": "%s", "dataDir": "%s", "capabilities": {"portMappings": true}}]}
        """.formatted(network, agent.stateDir().resolve("netagent.sock"), agent.dataDir()));
    root = dir.resolve("storage");
    runroot = dir.resolve("run");
    conf = dir.resolve("containers.conf");
    Files.writeString(conf, """
        [containers]
        default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
        [network]
        network_backend = "cni"
        cni_plugin_dirs = ["%s", "/usr/lib/cni"]
        network_config_dir = "%s"
        [engine]
        runtime = "runc"
        cgroup_manager = "cgroupfs"
        events_logger = "file"
        events_logfile_path = "%s"
        tmp_dir = "%s"
        [engine.runtimes]
        runc = ["%s"]
        """.formatted(bin, netd, dir.resolve("events.log"), Files.createDirectories(dir.resolve("tmp")), runc));
    Processes.Result loaded = Sh.run("sh", "-c", "docker save " + IMAGE + " | env CONTAINERS_CONF=" + conf + " podman " + storage() + " load");
    assertThat(loaded.code()).as("docker save | podman load: %s", loaded).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      stopServers();
      for (String name : containers) {
        podman("rm", "-f", "-t", "0", name); // only the containers this test made, by name
      }
    } finally {
      if (daemon != null) {
        daemon.kill();
      }
      // Podman's clean-up of a removed container (conmon's exit hook) may still be emptying them.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      if (cgroupsMadeHere) {
        removeEmptyCgroups();
      }
      for (Path d : madeHere) {
        while (Files.exists(d) && !deleteIfEmpty(d) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
    }
  }

  /** Removes Podman's cgroup parent ({@code libpod_parent}) in every hierarchy, deepest first, where no process is left in it. */
  private static void removeEmptyCgroups() throws IOException {
    try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path h : hierarchies.toList()) {
        Path parent = Files.exists(h.resolve("libpod_parent")) ? h.resolve("libpod_parent") : h.getFileName().toString().equals("libpod_parent") ? h : null;
        if (parent == null) {
          continue;
        }
        try (var tree = Files.walk(parent)) {
          for (Path cgroup : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
            Path procs = cgroup.resolve("cgroup.procs");
            if (!Files.exists(procs) || Files.readString(procs).isBlank()) {
              try {
                Files.delete(cgroup); // rmdir(2): refused (EBUSY) while a process or child cgroup is in it
              } catch (IOException e) {
                // still in use: left as it is
              }
            }
          }
        }
      }
    }
  }

  private static boolean deleteIfEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        return false;
      }
    } catch (NoSuchFileException e) {
      return true;
    }
    Files.deleteIfExists(dir);
    return true;
  }

  @Test
  void aPodmanContainerIsWiredReachedThroughItsPortAndRemovedAndASecondOneForThePortIsRefused() throws Exception {
    startDaemon();
    Container first = run("1", HOST_PORT);
    JsonNode attachment = assertWired(first, HOST_PORT);
    String ip = attachment.path("ip").asText();
    assertThat(podmanOk("inspect", "-f", "{{json .NetworkSettings.Networks}}", first.name)).as("podman's view of the result").contains(ip);

    serve(first);
    assertReaches(lab.host, HOST_PORT, first);

    // A second container asking for the same host port: podman run fails with netagent's message.
    String second = name("2");
    Processes.Result refused = podman("run", "-d", "--name", second, "--network", network, "-p", HOST_PORT + ":80", "localhost/" + IMAGE, "sleep",
        "infinity");
    System.out.println("PodmanCniIT second container: " + refused);
    assertThat(refused.code()).as("podman run of a second container for port %d: %s", HOST_PORT, refused).isNotZero();
    assertThat(refused.err()).contains("host port " + HOST_PORT + "/tcp is already published by container " + first.id.substring(0, 12));
    assertThat(kernel.natMapElements()).as("the first keeps its port").contains("any_addr tcp " + HOST_PORT + " -> " + ip).hasSize(2);
    assertThat(agent.api().call("GET", "/attachments", null).json()).as("attachments").hasSize(1);

    stopServers();
    remove(first, attachment);
    assertNothingLeft();
    // The CNI library's cache (/var/lib/cni, not configurable in Podman 4.3) keeps nothing of this network.
    Path cache = Path.of("/var/lib/cni/results");
    if (Files.isDirectory(cache)) {
      try (var files = Files.list(cache)) {
        assertThat(files.map(p -> p.getFileName().toString())).as("CNI cache entries").noneMatch(f -> f.startsWith(network + "-"));
      }
    }
  }

  @Test
  void twoContainersWithTheirOwnPortsAreReachedFromTheHostAndFromEachOther() throws Exception {
    startDaemon();
    Container first = run("1", HOST_PORT);
    Container second = run("2", HOST_PORT + 1);
    JsonNode a1 = assertWired(first, HOST_PORT);
    JsonNode a2 = assertWired(second, HOST_PORT + 1);
    assertThat(a1.path("ip").asText()).isNotEqualTo(a2.path("ip").asText());
    assertThat(kernel.natMapElements()).hasSize(4);

    serve(first);
    serve(second);
    assertReaches(lab.host, HOST_PORT, first);
    assertReaches(lab.host, HOST_PORT + 1, second);
    // From inside the other container's namespace, through the published port on the gateway (DNAT back into the bridge).
    assertReaches(second.ns(), HOST_PORT, first);
    assertReaches(first.ns(), HOST_PORT + 1, second);

    stopServers();
    remove(first, a1);
    remove(second, a2);
    assertNothingLeft();
  }

  @Test
  void podmanRestartWiresTheContainerAgain() throws Exception {
    startDaemon();
    Container before = run("1", HOST_PORT);
    JsonNode attachment = assertWired(before, HOST_PORT);
    serve(before);
    assertReaches(lab.host, HOST_PORT, before);

    stopServers(); // the server holds the old namespace open
    podmanOk("restart", "-t", "0", before.name);
    Container after = new Container(before.name, before.id, sandbox(before.name));
    System.out.printf("PodmanCniIT podman restart: namespace %s, then %s%n", before.sandbox, after.sandbox);
    JsonNode again = assertWired(after, HOST_PORT);
    System.out.printf("PodmanCniIT podman restart: %s %s, then %s %s%n", attachment.path("ip").asText(), attachment.path("hostInterface").asText(),
        again.path("ip").asText(), again.path("hostInterface").asText());
    assertThat(agent.api().call("GET", "/attachments", null).json()).as("attachments after podman restart").hasSize(1);
    assertThat(kernel.natMapElements()).hasSize(2);
    serve(after);
    assertReaches(lab.host, HOST_PORT, after);

    stopServers();
    remove(after, again);
    assertNothingLeft();
  }

  @Test
  void twentyContainersStartedInParallelAreEachWiredAndAllRemoved() throws Exception {
    startDaemon();
    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    long t0 = System.nanoTime();
    List<Future<Container>> started = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int k = i;
        started.add(pool.submit(() -> run("p" + k, 18000 + k)));
      }
      List<Container> all = new ArrayList<>();
      for (Future<Container> f : started) {
        all.add(f.get(30, TimeUnit.MINUTES)); // a bound against hangs only: vfs copies the image for each container
      }
      long runMillis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("PodmanCniIT %d podman run -d in parallel: %d ms%n", n, runMillis);

      List<JsonNode> attachments = new ArrayList<>();
      Set<String> ips = new HashSet<>();
      for (int i = 0; i < n; i++) {
        JsonNode a = assertWired(all.get(i), 18000 + i);
        attachments.add(a);
        ips.add(a.path("ip").asText());
      }
      assertThat(ips).as("distinct addresses").hasSize(n);
      assertThat(agent.api().call("GET", "/attachments", null).json()).as("attachments").hasSize(n);
      assertThat(kernel.natMapElements()).as("two map elements per port").hasSize(2 * n);
      assertThat(kernel.bridgePorts("b" + lab.id)).hasSize(n);

      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        remove(all.get(i), attachments.get(i));
      }
      System.out.printf("PodmanCniIT %d podman rm -f one after another: %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
      assertNothingLeft();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void killingAndRestartingTheDaemonChangesNothingForARunningContainer() throws Exception {
    startDaemon();
    Container c = run("1", HOST_PORT);
    JsonNode attachment = assertWired(c, HOST_PORT);
    String hostEnd = attachment.path("hostInterface").asText();
    int ifindex = kernel.link(lab.host, hostEnd).path("ifindex").asInt();
    serve(c);
    assertReaches(lab.host, HOST_PORT, c);

    DaemonProcess killed = daemon;
    killed.sigkill();
    System.out.println("PodmanCniIT killed " + killed.log());
    startDaemon();

    assertThat(agent.api().call("GET", "/attachments", null).json()).as("attachments after the restart").hasSize(1);
    JsonNode again = assertWired(c, HOST_PORT);
    assertThat(again.path("ip").asText()).isEqualTo(attachment.path("ip").asText());
    assertThat(again.path("hostInterface").asText()).isEqualTo(hostEnd);
    assertThat(kernel.link(lab.host, hostEnd).path("ifindex").asInt()).as("the same veth (nothing recreated)").isEqualTo(ifindex);
    assertReaches(lab.host, HOST_PORT, c);

    // CNI CHECK as libcni would send it (Podman 4.3 has no podman CHECK): the conflist's plugin, the cached runtimeConfig and result.
    CniPlugin.Answer check = new CniPlugin(dir).run(new CniPlugin.Call("CHECK").container(c.id, c.sandbox, "eth0").stdin(checkConfig(c)));
    System.out.println("PodmanCniIT CHECK after the daemon's restart: " + check);
    assertThat(check.ok()).isNull();

    stopServers();
    remove(c, again);
    assertNothingLeft();
  }

  /** A Podman container of this test: its name, id and namespace ({@code SandboxKey}). */
  private record Container(String name, String id, String sandbox) {
    String attachment() {
      return "cni-" + id + ".eth0";
    }

    /** The namespace's name under /run/netns, for {@code ip netns exec}. */
    String ns() {
      return Path.of(sandbox).getFileName().toString();
    }
  }

  private void startDaemon() {
    if (config == null) {
      config = lab.config("""
          networks:
            - { name: lab, bridge: b%s, subnet: %s.0/24, gateway: %s }
          """.formatted(lab.id, SUBNET, GATEWAY));
    }
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
  }

  private String name(String suffix) {
    String name = "netagent-it-" + lab.id + "-" + suffix;
    containers.add(name);
    return name;
  }

  /** {@code podman run -d -p HOSTPORT:80}, asserted to succeed. */
  private Container run(String suffix, int hostPort) {
    String name = name(suffix);
    Processes.Result run = podman("run", "-d", "--name", name, "--network", network, "-p", hostPort + ":80", "localhost/" + IMAGE, "sleep", "infinity");
    assertThat(run.code()).as("podman run %s: %s\n%s", name, run, daemon.log()).isZero();
    Container c = new Container(name, run.out().strip(), sandbox(name));
    System.out.printf("PodmanCniIT container %s (%s), namespace %s%n", name, c.id, c.sandbox);
    return c;
  }

  private String sandbox(String name) {
    String sandbox = podmanOk("inspect", "-f", "{{.NetworkSettings.SandboxKey}}", name).strip();
    assertThat(sandbox).as("the container's namespace").startsWith("/run/netns/");
    return sandbox;
  }

  /** The container's attachment is listed and wired: its address on eth0 in its namespace, its veth on the bridge, both map elements of its port. */
  private JsonNode assertWired(Container c, int hostPort) {
    JsonNode attachment = agent.api().call("GET", "/attachments/" + c.attachment(), null).json();
    String ip = attachment.path("ip").asText();
    String hostEnd = attachment.path("hostInterface").asText();
    // netagent keeps a path under /run/netns as the namespace's name.
    assertThat(attachment.path("namespace").asText()).isIn(c.sandbox, c.ns());
    JsonNode eth0 = Lab.json(Sh.ok("nsenter", "--net=" + c.sandbox, "ip", "-j", "-4", "addr", "show", "dev", "eth0"));
    assertThat(eth0.toString()).as("eth0 in the Podman container %s", c.name).contains("\"local\":\"" + ip + "\"");
    JsonNode link = kernel.link(lab.host, hostEnd);
    assertThat(link).as("the host end %s of %s", hostEnd, c.name).isNotNull();
    assertThat(link.path("master").asText()).isEqualTo("b" + lab.id);
    assertThat(kernel.natMapElements()).contains("any_addr tcp " + hostPort + " -> " + ip, "any_port tcp " + hostPort + " -> 80");
    return attachment;
  }

  /** A server in the container's namespace answering {@code hello-from-NAME}, stopped by its pid ({@link #stopServers}). */
  private void serve(Container c) throws IOException {
    servers.add(new ProcessBuilder("nsenter", "--net=" + c.sandbox, "socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo hello-from-" + c.name)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
  }

  private void assertReaches(String ns, int hostPort, Container c) throws InterruptedException {
    lab.awaitTcpAnswer(ns, GATEWAY, hostPort, "hello-from-" + c.name, "the Podman container " + c.name);
  }

  /** {@code podman rm -f}: the attachment, its host end and its map elements are gone. */
  private void remove(Container c, JsonNode attachment) {
    Processes.Result removed = podman("rm", "-f", "-t", "0", c.name);
    assertThat(removed.code()).as("podman rm -f %s: %s", c.name, removed).isZero();
    assertThat(agent.api().exchange("GET", "/attachments/" + c.attachment(), null).status()).as("the attachment after podman rm").isEqualTo(404);
    assertThat(kernel.link(lab.host, attachment.path("hostInterface").asText())).as("the host end after podman rm").isNull();
    assertThat(kernel.natMapElements()).as("NAT map elements after podman rm").noneMatch(e -> e.endsWith(" -> " + attachment.path("ip").asText()));
  }

  private void assertNothingLeft() {
    assertThat(agent.api().call("GET", "/attachments", null).json()).as("attachments").isEmpty();
    assertThat(kernel.bridgePorts("b" + lab.id)).as("bridge ports").isEmpty();
    assertThat(kernel.natMapElements()).as("NAT map elements").isEmpty();
    assertThat(kernel.permanentNeighbourEntries()).isEmpty();
  }

  /**
   * The stdin libcni gives the plugin for CHECK: the conflist's plugin with its cniVersion and name,
   * the runtimeConfig and the result of ADD from the CNI library's cache
   * ({@code /var/lib/cni/results/NETWORK-ID-eth0}), as prevResult.
   */
  private ObjectNode checkConfig(Container c) throws IOException {
    JsonNode conflist = Lab.json(Files.readString(dir.resolve("net.d").resolve(network + ".conflist")));
    ObjectNode plugin = (ObjectNode) conflist.path("plugins").get(0).deepCopy();
    plugin.remove("capabilities");
    ObjectNode config = plugin.objectNode();
    config.put("cniVersion", conflist.path("cniVersion").asText());
    config.put("name", conflist.path("name").asText());
    config.setAll(plugin);
    Path cached = Path.of("/var/lib/cni/results", network + "-" + c.id + "-eth0");
    assertThat(cached).as("libcni's cache of the ADD").isRegularFile();
    JsonNode cache = Lab.json(Files.readString(cached));
    config.putObject("runtimeConfig").set("portMappings", cache.path("capabilityArgs").path("portMappings"));
    config.set("prevResult", cache.path("result"));
    return config;
  }

  private String storage() {
    return "--root " + root + " --runroot " + runroot + " --storage-driver vfs";
  }

  /** podman in the lab's host namespace (nsenter moves only the network namespace) with the private configuration and storage. */
  private Processes.Result podman(String... args) {
    List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "nsenter", "--net=/run/netns/" + lab.host, "podman", "--root",
        root.toString(), "--runroot", runroot.toString(), "--storage-driver", "vfs"));
    command.addAll(List.of(args));
    return Sh.run(command.toArray(String[]::new));
  }

  private String podmanOk(String... args) {
    Processes.Result r = podman(args);
    assertThat(r.code()).as("podman %s: %s", String.join(" ", args), r).isZero();
    return r.out();
  }

  /** Stops the servers this test started, by their pid. */
  private void stopServers() throws InterruptedException {
    for (Process server : servers) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
      assertThat(server.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS)).as("the server ends").isTrue();
    }
    servers.clear();
  }
}
