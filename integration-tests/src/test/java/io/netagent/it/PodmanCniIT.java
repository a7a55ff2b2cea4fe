package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Podman 4.3 with its CNI backend as the real client of the netagent plugin
 * (docs/test-environment.md): a private {@code CONTAINERS_CONF} (network_backend cni, the plugin
 * directory of the test holding {@code netagent}, a wrapper that runs the launcher, the test's
 * conflist directory, runc, cgroupfs), a private storage root (vfs) into which the image is loaded
 * from Docker, and podman run inside the lab's host namespace with {@code nsenter --net}. A
 * container started with {@code -p 8080:80} is wired by the daemon and reached through the
 * published port from the lab's host; {@code podman rm -f} leaves no veth, map element or
 * attachment; a second container asking for the same host port fails at {@code podman run} with
 * netagent's message. Fails without Docker's image or Podman.
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
  private final List<String> containers = new ArrayList<>();
  private Process server;

  @TempDir
  Path dir;

  /** Directories Podman 4.3 and runc make outside the test's own (the CNI library's cache, runc's state); removed again if this test made them and they are empty. */
  private static final List<Path> MACHINE_DIRS = List.of(Path.of("/var/lib/cni/results"), Path.of("/var/lib/cni"), Path.of("/run/runc"));
  private final List<Path> madeHere = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    MACHINE_DIRS.stream().filter(d -> !Files.exists(d)).forEach(madeHere::add);
    kernel = new Witness(lab);
    assertThat(Sh.run("podman", "--version").code()).as("podman (Debian's podman 4.3) must be installed").isZero();
    Processes.Result image = Sh.run("docker", "image", "inspect", "--format", "{{.Id}}", IMAGE);
    assertThat(image.code()).as("the image %s must exist in Docker (.ci/build-test-image builds it): %s", IMAGE, image.err()).isZero();

    CniPlugin plugin = new CniPlugin(dir);
    Path bin = Files.createDirectories(dir.resolve("cni-bin"));
    Path wrapper = bin.resolve("netagent");
    Files.writeString(wrapper, "#!/bin/sh\nNETAGENT_CNI_LIB='%s' exec '%s'\n".formatted(plugin.lib(), CniPlugin.LAUNCHER));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

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
        """.formatted(bin, netd, dir.resolve("events.log"), Files.createDirectories(dir.resolve("tmp"))));
    Processes.Result loaded = Sh.run("sh", "-c", "docker save " + IMAGE + " | env CONTAINERS_CONF=" + conf + " podman " + storage() + " load");
    assertThat(loaded.code()).as("docker save | podman load: %s", loaded).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      stopServer();
      for (String name : containers) {
        podman("rm", "-f", "-t", "0", name); // only the containers this test made, by name
      }
    } finally {
      if (daemon != null) {
        daemon.kill();
      }
      // Podman's clean-up of a removed container (conmon's exit hook) may still be emptying them.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (Path d : madeHere) {
        while (Files.exists(d) && !deleteIfEmpty(d) && System.nanoTime() < deadline) {
          Thread.sleep(100);
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
    Path config = lab.config("""
        networks:
          - { name: lab, bridge: b%s, subnet: %s.0/24, gateway: %s }
        """.formatted(lab.id, SUBNET, GATEWAY));
    daemon = DaemonProcess.start(agent, config, "--resync", "600");

    String name = "netagent-it-" + lab.id + "-1";
    containers.add(name);
    Processes.Result run = podman("run", "-d", "--name", name, "--network", network, "-p", HOST_PORT + ":80", "localhost/" + IMAGE, "sleep", "infinity");
    assertThat(run.code()).as("podman run: %s\n%s", run, daemon.log()).isZero();
    String id = run.out().strip();
    String sandbox = podmanOk("inspect", "-f", "{{.NetworkSettings.SandboxKey}}", name).strip();
    assertThat(sandbox).as("the container's namespace").startsWith("/run/netns/");
    System.out.printf("PodmanCniIT container %s (%s), namespace %s%n", name, id, sandbox);

    JsonNode attachment = agent.api().call("GET", "/attachments/cni-" + id + ".eth0", null).json();
    String ip = attachment.path("ip").asText();
    String hostEnd = attachment.path("hostInterface").asText();
    // netagent keeps a path under /run/netns as the namespace's name.
    assertThat(attachment.path("namespace").asText()).isIn(sandbox, Path.of(sandbox).getFileName().toString());
    JsonNode eth0 = Lab.json(Sh.ok("nsenter", "--net=" + sandbox, "ip", "-j", "-4", "addr", "show", "dev", "eth0"));
    assertThat(eth0.toString()).as("eth0 in the Podman container").contains("\"local\":\"" + ip + "\"");
    assertThat(kernel.link(lab.host, hostEnd).path("master").asText()).isEqualTo("b" + lab.id);
    assertThat(kernel.natMapElements()).contains("any_addr tcp " + HOST_PORT + " -> " + ip, "any_port tcp " + HOST_PORT + " -> 80");
    assertThat(podmanOk("inspect", "-f", "{{json .NetworkSettings.Networks}}", name)).as("podman's view of the result").contains(ip);

    server = new ProcessBuilder("nsenter", "--net=" + sandbox, "socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo hello-from-podman")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertReaches(lab.host);

    // A second container asking for the same host port: podman run fails with netagent's message.
    String second = "netagent-it-" + lab.id + "-2";
    containers.add(second);
    Processes.Result refused = podman("run", "-d", "--name", second, "--network", network, "-p", HOST_PORT + ":80", "localhost/" + IMAGE, "sleep",
        "infinity");
    System.out.println("PodmanCniIT second container: " + refused);
    assertThat(refused.code()).as("podman run of a second container for port %d: %s", HOST_PORT, refused).isNotZero();
    assertThat(refused.err()).contains("host port " + HOST_PORT + "/tcp is already published by container " + id.substring(0, 12));
    assertThat(kernel.natMapElements()).as("the first keeps its port").contains("any_addr tcp " + HOST_PORT + " -> " + ip).hasSize(2);
    assertThat(agent.api().call("GET", "/attachments", null).json()).as("attachments").hasSize(1);

    stopServer();
    Processes.Result removed = podman("rm", "-f", "-t", "0", name);
    assertThat(removed.code()).as("podman rm -f: %s", removed).isZero();
    assertThat(agent.api().exchange("GET", "/attachments/cni-" + id + ".eth0", null).status()).as("the attachment after podman rm").isEqualTo(404);
    assertThat(kernel.link(lab.host, hostEnd)).as("the host end after podman rm").isNull();
    assertThat(kernel.natMapElements()).as("NAT map elements after podman rm").isEmpty();
    assertThat(kernel.permanentNeighbourEntries()).isEmpty();
    // The CNI library's cache (/var/lib/cni, not configurable in Podman 4.3) keeps nothing of this network.
    Path cache = Path.of("/var/lib/cni/results");
    if (Files.isDirectory(cache)) {
      try (var files = Files.list(cache)) {
        assertThat(files.map(p -> p.getFileName().toString())).as("CNI cache entries").noneMatch(f -> f.startsWith(network + "-"));
      }
    }
  }

  private String storage() {
    return "--root " + root + " --runroot " + runroot + " --storage-driver vfs";
  }

  /** podman in the lab's host namespace (nsenter moves only the network namespace) with the private configuration and storage. */
  private Processes.Result podman(String... args) {
    List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "nsenter", "--net=/run/netns/" + lab.host, "podman", "--root",
        root.toString(), "--runroot", runroot.toString(), "--storage-driver", "vfs", "--runtime-flag", "root=" + dir.resolve("runc")));
    command.addAll(List.of(args));
    return Sh.run(command.toArray(String[]::new));
  }

  private String podmanOk(String... args) {
    Processes.Result r = podman(args);
    assertThat(r.code()).as("podman %s: %s", String.join(" ", args), r).isZero();
    return r.out();
  }

  private void assertReaches(String ns) throws InterruptedException {
    lab.awaitTcpAnswer(ns, GATEWAY, HOST_PORT, "hello-from-podman", "the Podman container");
  }


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
