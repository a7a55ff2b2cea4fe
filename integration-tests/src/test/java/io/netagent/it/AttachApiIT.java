package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.api.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live API of {@code netagent run} against the real kernel of a lab: 200 attach requests
 * without an address at once get 200 distinct addresses (none the network's, the gateway's, the
 * broadcast address or a file container's) and are wired when they are answered, checked from
 * outside with {@code ip -j} and {@code nft -j}; 200 detaches at once leave nothing behind (links,
 * NAT map elements, saved attachments) and every address free again. Bad requests, sent with
 * {@code curl} as an independent client, get the right 4xx with the field named and change
 * nothing. A user who is not root cannot connect to the socket (mode 0600, root's).
 */
@ExtendWith(LabExtension.class)
class AttachApiIT {
  private static final String SUBNET = "10.208.0";
  private static final String GATEWAY = SUBNET + ".1";
  private static final String FILE_IP = SUBNET + ".5";
  private static final int N = 200;
  private static final int THREADS = 32;
  private static final int NOBODY = 65534;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Lab lab;
  private Agent agent;
  private Witness witness;
  private String bridge;
  private Path config;
  private DaemonProcess daemon;
  private ExecutorService pool;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    witness = new Witness(lab);
    bridge = "b" + lab.id;
    config = lab.config("""
        networks:
          - { name: lab, bridge: %s, subnet: %s.0/24, gateway: %s }
        containers:
          - { name: f1, network: lab, namespace: %s, createNamespace: true, hostInterface: %s, ip: %s, ports: [ { host: 8080, container: 80 } ] }
        """.formatted(bridge, SUBNET, GATEWAY, lab.ns("f1"), fileVeth(), FILE_IP));
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS);
    if (daemon != null) {
      daemon.kill();
    }
  }

  @Test
  void concurrentAttachesWithoutAddressGetDistinctAddressesAndConcurrentDetachesFreeThemAll() throws Exception {
    List<String> namespaces = all(N, i -> lab.addNs("a" + i));
    daemon = DaemonProcess.start(agent, config, "--resync", "2");
    assertThat(witness.link(lab.host, fileVeth())).as("the file's container is wired").isNotNull();

    // 200 attaches at once, none naming an address; each publishes a port of its own.
    long t0 = System.nanoTime();
    List<ApiResponse> answers = all(N, i -> agent.api().exchange("POST", "/attachments",
        "{\"id\": \"c%d\", \"network\": \"lab\", \"namespace\": \"%s\", \"ports\": [{\"host\": %d, \"container\": 80}]}".formatted(i, namespaces.get(i),
            30000 + i)));
    long attachMillis = (System.nanoTime() - t0) / 1_000_000;
    List<JsonNode> attached = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      ApiResponse r = answers.get(i);
      assertThat(r.status()).as("POST c%d: %s\n%s", i, r.body(), daemon.log()).isEqualTo(201);
      JsonNode a = r.json();
      assertThat(a.path("id").asText()).isEqualTo("c" + i);
      assertThat(a.path("ipAllocated").asBoolean()).isTrue();
      assertThat(a.path("state").asText()).isEqualTo("converged");
      attached.add(a);
    }
    List<String> ips = attached.stream().map(a -> a.path("ip").asText()).toList();
    assertThat(new HashSet<>(ips)).as("distinct addresses").hasSize(N);
    assertThat(ips).doesNotContain(SUBNET + ".0", GATEWAY, SUBNET + ".255", FILE_IP);
    // The allocator hands out the lowest free addresses: exactly .2 to .202 but the file's .5.
    Set<String> expected = new TreeSet<>();
    for (int host = 2; expected.size() < N; host++) {
      if (host != 5) {
        expected.add(SUBNET + "." + host);
      }
    }
    assertThat(new TreeSet<>(ips)).isEqualTo(expected);

    // Wired when answered, seen from outside: each namespace has its address, 201 ports on the bridge, 201 map elements.
    for (int i = 0; i < N; i++) {
      JsonNode a = attached.get(i);
      assertThat(witness.addresses(namespaces.get(i), "eth0")).as("c%d's address in its namespace", i).containsExactly(a.path("ip").asText() + "/24");
    }
    Set<String> ports = new TreeSet<>(witness.bridgePorts(bridge));
    Set<String> expectedPorts = new TreeSet<>();
    expectedPorts.add(fileVeth());
    attached.forEach(a -> expectedPorts.add(a.path("hostInterface").asText()));
    assertThat(ports).as("ports of the bridge").hasSize(N + 1).isEqualTo(expectedPorts);
    List<String> elements = witness.natMapElements();
    // Each published port is one element in the map to the address and one in the map to the port.
    assertThat(elements).as("NAT map elements").hasSize(2 * (N + 1));
    for (int i = 0; i < N; i++) {
      String ip = ips.get(i);
      String key = " tcp " + (30000 + i) + " ";
      assertThat(elements).as("c%d's map elements", i).filteredOn(e -> e.contains(key)).hasSize(2).anyMatch(e -> e.endsWith(" -> " + ip));
    }
    assertThat(savedAttachments()).hasSize(N);
    assertThat(agent.api().call("GET", "/attachments", null).json()).hasSize(N);

    // 200 detaches at once.
    t0 = System.nanoTime();
    List<ApiResponse> detached = all(N, i -> agent.api().exchange("DELETE", "/attachments/c" + i, null));
    long detachMillis = (System.nanoTime() - t0) / 1_000_000;
    for (int i = 0; i < N; i++) {
      assertThat(detached.get(i).status()).as("DELETE c%d: %s", i, detached.get(i).body()).isEqualTo(200);
      assertThat(detached.get(i).json().path("existed").asBoolean()).isTrue();
    }
    assertThat(witness.bridgePorts(bridge)).as("ports of the bridge after the detaches").containsExactly(fileVeth());
    assertThat(witness.linkNames(lab.host)).as("links of the host").noneMatch(l -> l.startsWith("veth-c"));
    for (int i = 0; i < N; i += 17) {
      assertThat(witness.linkNames(namespaces.get(i))).as("links in %s", namespaces.get(i)).containsExactly("lo");
    }
    assertThat(witness.natMapElements()).as("NAT map elements after the detaches: only the file container's").hasSize(2)
        .allMatch(e -> e.contains(" tcp 8080 ")).anyMatch(e -> e.endsWith(" -> " + FILE_IP));
    assertThat(agent.api().call("GET", "/attachments", null).json()).as("GET /attachments").isEmpty();
    assertThat(savedAttachments()).as("saved attachments").isEmpty();
    System.out.printf("AttachApiIT timing %d concurrent attaches (%d threads): %d ms; %d concurrent detaches: %d ms%n", N, THREADS, attachMillis, N,
        detachMillis);

    // Every address is free again: the next one gets the lowest.
    JsonNode again = agent.api().call("POST", "/attachments", "{\"id\": \"again\", \"network\": \"lab\", \"namespace\": \"%s\"}".formatted(namespaces.get(7)))
        .json();
    assertThat(again.path("ip").asText()).isEqualTo(SUBNET + ".2");
    assertThat(witness.addresses(namespaces.get(7), "eth0")).containsExactly(SUBNET + ".2/24");
  }

  @Test
  void badRequestsGetTheRight4xxNamingTheFieldAndChangeNothing() throws Exception {
    String taken = lab.addNs("a1");
    String free = lab.addNs("a2");
    Path regularFile = Files.writeString(dir.resolve("not-a-namespace"), "just a file\n");
    daemon = DaemonProcess.start(agent, config, "--resync", "2");
    JsonNode a1 = curl("POST", "/attachments", "{\"id\": \"a1\", \"network\": \"lab\", \"namespace\": \"" + taken
        + "\", \"ports\": [{\"host\": 9090, \"container\": 80}]}");
    assertThat(a1.path("status").asInt()).as(a1.toString()).isEqualTo(201);

    String before = snapshot();
    record Bad(String what, String body, int status, List<String> fields) {}
    List<Bad> bad = List.of(
        new Bad("unknown network", "{\"id\": \"b\", \"network\": \"nope\", \"namespace\": \"" + free + "\"}", 400, List.of("network")),
        new Bad("ip outside the subnet", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": \"" + free + "\", \"ip\": \"10.99.0.7\"}", 400,
            List.of("ip")),
        new Bad("host port of a file container", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": \"" + free
            + "\", \"ports\": [{\"host\": 8080, \"container\": 80}]}", 409, List.of("ports[0].host")),
        new Bad("host port of another attachment", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": \"" + free
            + "\", \"ports\": [{\"host\": 9090, \"container\": 80}]}", 409, List.of("ports[0].host")),
        new Bad("malformed JSON", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": ", 400, List.of("")),
        new Bad("a regular file as namespace", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": \"" + regularFile + "\"}", 400,
            List.of("namespace")),
        new Bad("a namespace that does not exist", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": \"" + lab.ns("none") + "\"}", 400,
            List.of("namespace")),
        new Bad("an unknown key", "{\"id\": \"b\", \"network\": \"lab\", \"namespace\": \"" + free + "\", \"colour\": \"blue\"}", 400,
            List.of("colour")));
    for (Bad b : bad) {
      JsonNode answer = curl("POST", "/attachments", b.body);
      JsonNode error = answer.path("body").path("error");
      assertThat(answer.path("status").asInt()).as("%s: %s", b.what, answer).isEqualTo(b.status);
      assertThat(error.path("status").asInt()).as("%s: %s", b.what, answer).isEqualTo(b.status);
      assertThat(error.path("message").asText()).as("%s: %s", b.what, answer).isNotBlank();
      List<String> fields = new ArrayList<>();
      error.path("problems").forEach(p -> fields.add(p.path("field").asText()));
      assertThat(fields).as("%s: problems' fields in %s", b.what, answer).isEqualTo(b.fields);
      System.out.printf("AttachApiIT %-32s -> %d %s%n", b.what, b.status, error.path("message").asText());
    }
    assertThat(curl("POST", "/attachments", bad.get(4).body).path("body").path("error").path("message").asText()).contains("not valid JSON");
    assertThat(snapshot()).as("links, NAT table, attachments and saved attachments after the bad requests").isEqualTo(before);
  }

  @Test
  void aUserWhoIsNotRootCannotUseTheSocket() throws Exception {
    daemon = DaemonProcess.start(agent, config, "--resync", "2");
    Path socket = agent.api().socket();
    assertThat(Sh.ok("stat", "-c", "%a %u %g %F", socket.toString()).strip()).isEqualTo("600 0 0 socket");
    assertThat(curl("GET", "/attachments", null).path("status").asInt()).as("root may").isEqualTo(200);

    Processes.Result r = Sh.run("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--", "curl", "-sS", "-v", "--unix-socket",
        socket.toString(), "http://localhost/attachments");
    assertThat(r.code()).as("curl as nobody: %s", r).isEqualTo(7);
    assertThat(r.err()).contains("Permission denied");
    assertThat(r.out()).isEmpty();

    Path jar = dir.resolve("netagent.jar");
    Files.copy(Agent.JAR, jar, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Processes.Result cli = Sh.run("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--", "env",
        "NETAGENT_STATE_DIR=" + agent.stateDir(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "attachments");
    assertThat(cli.code()).as("netagent attachments as nobody: %s", cli).isEqualTo(1);
    assertThat(cli.err()).contains("permission denied");
  }

  // ---------------------------------------------------------------------------------------------

  private String fileVeth() {
    return "v" + lab.id + "f";
  }

  /** Runs {@code task(0..n-1)} on the pool, all at once; their results in order. */
  private <T> List<T> all(int n, IntTask<T> task) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(pool.submit((Callable<T>) () -> task.run(index)));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(10, TimeUnit.MINUTES));
    }
    return results;
  }

  private interface IntTask<T> {
    T run(int i) throws Exception;
  }

  /** {@code curl --unix-socket}: {"status": N, "body": JSON}. curl is the independent client here. */
  private JsonNode curl(String method, String target, String body) throws IOException {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--unix-socket", agent.api().socket().toString(), "-X", method, "-o", "-", "-w",
        "\n%{http_code}"));
    if (body != null) {
      command.addAll(List.of("--data-binary", body));
    }
    command.add("http://localhost" + target);
    Processes.Result r = Sh.run(command.toArray(String[]::new));
    assertThat(r.code()).as("curl %s %s: %s", method, target, r).isZero();
    int cut = r.out().lastIndexOf('\n');
    Map<String, Object> answer = new TreeMap<>();
    answer.put("status", Integer.parseInt(r.out().substring(cut + 1).strip()));
    answer.put("body", Lab.json(r.out().substring(0, cut)));
    return JSON.valueToTree(answer);
  }

  /** The saved attachments: the files in the data directory's attachments folder. */
  private List<String> savedAttachments() throws IOException {
    Path folder = agent.dataDir().resolve("attachments");
    assertThat(folder).isDirectory();
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** What a request could change: the host's links, the NAT table, the daemon's attachments and its data directory. */
  private String snapshot() throws IOException {
    Map<String, Object> all = new TreeMap<>();
    List<String> links = new ArrayList<>();
    for (JsonNode l : lab.ip(lab.host, "link", "show")) {
      links.add(String.join(" ", "ifindex=" + l.path("ifindex").asInt(), l.path("ifname").asText(), "mtu=" + l.path("mtu").asInt(),
          l.path("address").asText(), "master=" + l.path("master").asText(), "alias=" + l.path("ifalias").asText(), l.path("flags").toString()));
    }
    all.put("links", links);
    all.put("nat", String.valueOf(witness.natTable()));
    all.put("attachments", agent.api().call("GET", "/attachments", null).body());
    try (Stream<Path> files = Files.walk(agent.dataDir())) {
      all.put("data", files.sorted().map(p -> {
        try {
          return agent.dataDir().relativize(p) + (Files.isRegularFile(p) ? " " + Files.readString(p) : "/");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n")));
    }
    all.put("namespaces", new TreeSet<>(lab.namespaces()));
    return all.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
  }
}
