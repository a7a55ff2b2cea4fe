package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.api.ApiClient;
import io.netagent.api.ApiResponse;
import io.netagent.api.DaemonNotRunningException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attachments made through the live API survive the daemon (README "Live API"): each is saved
 * durably before it is acknowledged, and a restarted daemon restores exactly the saved ones.
 *
 * <ul>
 *   <li>SIGKILL in the middle of a burst of attach and detach requests from several clients: after
 *       a restart every acknowledged attachment (not acknowledged as detached since) is in force
 *       and wired, no refused one is, and the kernel matches exactly what the daemon lists.
 *   <li>A reboot: SIGKILL, every netagent object of the lab's kernel deleted (the namespaces stay,
 *       as a runtime re-creates them): the restart wires every acknowledged attachment again,
 *       with the same address, and no other.
 *   <li>A corrupt file among the saved ones is reported by name, moved aside ({@code .corrupt}),
 *       and the others are restored.
 * </ul>
 *
 * Everything is checked from outside ({@code ip -j}, {@code bridge -j}, {@code nft -j}) and
 * through the API; the only time bounds are generous ones against hangs.
 */
@ExtendWith(LabExtension.class)
class AttachDurabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "10.211.0";
  private static final String GATEWAY = PREFIX + ".1";
  private static final int BURST_NAMESPACES = 60;
  private static final int CLIENTS = 6;
  /** The daemon is killed once this many requests of the burst were answered (of about 90). */
  private static final int KILL_AFTER_ANSWERS = 30;

  private Lab lab;
  private Agent agent;
  private Witness kernel;
  private String bridge;
  private Path config;
  private final List<DaemonProcess> daemons = new ArrayList<>();

  @BeforeEach
  void setUp() {
    kernel = new Witness(lab);
    bridge = "b" + lab.id;
    config = lab.config("""
        networks:
          - { name: lab, bridge: %s, subnet: %s.0/24, gateway: %s }
        containers: []
        """.formatted(bridge, PREFIX, GATEWAY));
  }

  @AfterEach
  void tearDown() {
    daemons.forEach(DaemonProcess::kill); // by the pids this test started, before the lab deletes the namespaces
  }

  // ---------------------------------------------------------------------------------------------
  // The tests

  /** What became of one request of the burst. */
  enum Outcome {
    /** 201/200 for an attach, 200 for a detach. */
    SUCCESS,
    /** An error status (4xx, 5xx). */
    ERROR,
    /** Sent, and the connection broke before an answer: either way is allowed. */
    NO_ANSWER,
    /** The connection was refused (the daemon was dead): never sent. */
    NOT_SENT
  }

  record Result(String method, String id, Outcome outcome, int status, JsonNode answer, String detail) {}

  @Test
  void sigkillDuringABurstOfAttachesAndDetachesLosesNothingAcknowledgedAndLeaksNothing() throws Exception {
    for (int i = 0; i < BURST_NAMESPACES; i++) {
      lab.addNs("c" + i);
    }
    DaemonProcess first = start();
    List<Result> results = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger answered = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < CLIENTS; t++) {
      int client = t;
      running.add(clients.submit(() -> {
        ApiClient api = agent.api();
        for (int i = client; i < BURST_NAMESPACES && !stop.get(); i += CLIENTS) {
          Result attach = send(api, "POST", "a" + i, attachRequest(i));
          record(results, answered, attach);
          if (i % 10 == 3 && !stop.get()) {
            // Invalid: an address outside the subnet.
            record(results, answered, send(api, "POST", "x" + i, badRequest(i, "ip", "10.99.0.9", lab.ns("c" + i))));
          } else if (i % 10 == 7 && !stop.get()) {
            // Invalid: a namespace that does not exist.
            record(results, answered, send(api, "POST", "x" + i, badRequest(i, "hostInterface", "x" + lab.id + i, lab.ns("nothere" + i))));
          }
          if (i % 3 == 0 && attach.outcome() == Outcome.SUCCESS && !stop.get()) {
            record(results, answered, send(api, "DELETE", "a" + i, null));
          }
        }
        return null;
      }));
    }
    long deadline = System.nanoTime() + DaemonProcess.BOUND.toNanos();
    while (answered.get() < KILL_AFTER_ANSWERS) {
      assertThat(System.nanoTime()).as("%d requests answered within the bound\n%s", KILL_AFTER_ANSWERS, first.log()).isLessThan(deadline);
      Thread.sleep(1);
    }
    stop.set(true); // no new request from here on; those under way meet the kill
    int answeredAtKill = answered.get();
    first.sigkill();
    clients.shutdown();
    assertThat(clients.awaitTermination(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS)).as("the clients finish").isTrue();
    for (Future<?> f : running) {
      f.get(); // a client's own failure fails the test
    }
    Map<Outcome, Long> counts = results.stream().collect(Collectors.groupingBy(Result::outcome, TreeMap::new, Collectors.counting()));
    System.out.printf("AttachDurabilityIT burst: %d requests sent or refused, %d answered when SIGKILL landed, outcomes %s%n", results.size(),
        answeredAtKill, counts);
    results.stream().filter(r -> r.outcome() == Outcome.NO_ANSWER)
        .forEach(r -> System.out.println("AttachDurabilityIT no answer: " + r.method() + " " + r.id() + " (" + r.detail() + ")"));
    assertThat(counts.getOrDefault(Outcome.SUCCESS, 0L)).as("acknowledged requests before the kill").isGreaterThanOrEqualTo(KILL_AFTER_ANSWERS / 2);
    assertThat(counts.getOrDefault(Outcome.ERROR, 0L)).as("refused requests before the kill").isPositive();
    assertThat(results.stream().filter(r -> r.method().equals("POST") && r.id().startsWith("a") && r.outcome() != Outcome.NOT_SENT).count())
        .as("the kill came in the middle of the burst: not every attach was sent").isLessThan(BURST_NAMESPACES);

    // What must and must not be in force, by id.
    Map<String, String> mustHave = new TreeMap<>(); // id -> the address its answer gave
    TreeSet<String> mustNotHave = new TreeSet<>();
    for (Result r : List.copyOf(results)) {
      if (r.method().equals("POST")) {
        switch (r.outcome()) {
          case SUCCESS -> mustHave.put(r.id(), r.answer().path("ip").asText());
          case ERROR, NOT_SENT -> mustNotHave.add(r.id());
          case NO_ANSWER -> { }
        }
      }
    }
    for (Result r : List.copyOf(results)) {
      if (r.method().equals("DELETE")) {
        switch (r.outcome()) {
          case SUCCESS -> {
            mustHave.remove(r.id());
            mustNotHave.add(r.id());
          }
          case NO_ANSWER -> mustHave.remove(r.id()); // either way
          case ERROR, NOT_SENT -> { }
        }
      }
    }

    DaemonProcess second = start();
    Map<String, JsonNode> listed = listed();
    System.out.printf("AttachDurabilityIT after the restart: %d attachment(s) listed, %d acknowledged and not detached, %d that must not be%n",
        listed.size(), mustHave.size(), mustNotHave.size());
    for (Map.Entry<String, String> e : mustHave.entrySet()) {
      assertThat(listed).as("acknowledged attachment %s after the restart\n%s", e.getKey(), second.log()).containsKey(e.getKey());
      assertThat(listed.get(e.getKey()).path("ip").asText()).as("%s's address", e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(listed.keySet()).as("attachments refused, never sent or acknowledged as detached").doesNotContainAnyElementsOf(mustNotHave);
    assertWiredExactly(listed, BURST_NAMESPACES);
    assertDaemonPlanEmpty();
  }

  @Test
  void afterAReboot_everyAcknowledgedAttachmentIsWiredAgainWithTheSameAddress() throws Exception {
    for (int i = 0; i < 5; i++) {
      lab.addNs("c" + i);
    }
    DaemonProcess first = start();
    ApiClient api = agent.api();
    Map<String, String> acknowledged = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      Result r = send(api, "POST", "a" + i, attachRequest(i));
      assertThat(r.outcome()).as("attach a%d: %s\n%s", i, r, first.log()).isEqualTo(Outcome.SUCCESS);
      assertThat(r.status()).isEqualTo(201);
      acknowledged.put(r.id(), r.answer().path("ip").asText());
    }
    Result detached = send(api, "DELETE", "a3", null);
    assertThat(detached.outcome()).as("%s", detached).isEqualTo(Outcome.SUCCESS);
    assertThat(detached.answer().path("existed").asBoolean()).isTrue();
    acknowledged.remove("a3");
    assertWiredExactly(listed(), 5);

    first.sigkill();
    // The reboot: every netagent object of the lab's kernel goes; the namespaces stay (the runtime made them again).
    for (String link : kernel.ownedLinks()) {
      if (!link.equals(bridge)) {
        Sh.ok("ip", "-n", lab.host, "link", "del", link); // its peer in the container's namespace goes with it
      }
    }
    Sh.ok("ip", "-n", lab.host, "link", "del", bridge);
    lab.ok(lab.host, "nft", "delete", "table", "ip", "netagent");
    assertThat(kernel.ownedLinks()).as("owned links after the 'reboot'").isEmpty();
    assertThat(kernel.natTable()).as("table ip netagent after the 'reboot'").isNull();
    for (int i = 0; i < 5; i++) {
      assertThat(kernel.linkNames(lab.ns("c" + i))).as("links in c%d after the 'reboot'", i).containsExactly("lo");
    }

    DaemonProcess second = start();
    Map<String, JsonNode> listed = listed();
    assertThat(listed.keySet()).as("attachments after the restart\n%s", second.log()).containsExactlyElementsOf(acknowledged.keySet());
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      assertThat(listed.get(e.getKey()).path("ip").asText()).as("%s's address after the reboot", e.getKey()).isEqualTo(e.getValue());
    }
    assertWiredExactly(listed, 5);
    assertDaemonPlanEmpty();
    assertPublishedPortReaches(listed.get("a0"));
  }

  @Test
  void aCorruptAttachmentFileIsReportedAndMovedAsideAndTheOthersAreRestored() throws Exception {
    for (int i = 0; i < 3; i++) {
      lab.addNs("c" + i);
    }
    DaemonProcess first = start();
    ApiClient api = agent.api();
    for (int i = 0; i < 3; i++) {
      Result r = send(api, "POST", "a" + i, attachRequest(i));
      assertThat(r.outcome()).as("attach a%d: %s\n%s", i, r, first.log()).isEqualTo(Outcome.SUCCESS);
    }
    first.sigkill();

    // While it is down: a2's file is cut in half (a torn write), and a garbage file appears.
    Path dir = agent.dataDir().resolve("attachments");
    Path a2 = dir.resolve("a2.json");
    byte[] whole = Files.readAllBytes(a2);
    Files.write(a2, java.util.Arrays.copyOf(whole, whole.length / 2));
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"id\": \"junk\", \"requ\u0000\u0001garbage");

    DaemonProcess second = start();
    String log = String.join("\n", second.lines());
    for (Path bad : List.of(a2, junk)) {
      assertThat(log).as("the log names %s and where it went", bad).contains(bad.toString()).contains(bad + ".corrupt");
      assertThat(bad).as("moved aside").doesNotExist();
      assertThat(Path.of(bad + ".corrupt")).as("the file set aside").exists();
    }
    assertThat(Path.of(a2 + ".corrupt")).hasBinaryContent(java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThat(dir.resolve("a0.json")).exists();
    assertThat(dir.resolve("a1.json")).exists();
    Map<String, JsonNode> listed = listed();
    assertThat(listed.keySet()).as("attachments restored\n%s", second.log()).containsExactly("a0", "a1");
    assertWiredExactly(listed, 3); // a2, no longer saved, is no longer wired either
    assertDaemonPlanEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  private DaemonProcess start() {
    long t0 = System.nanoTime();
    DaemonProcess d = DaemonProcess.start(agent, config, "--resync", "2");
    daemons.add(d);
    System.out.printf("AttachDurabilityIT start-to-ready: %d ms (pid %d)%n", (System.nanoTime() - t0) / 1_000_000, d.pid);
    return d;
  }

  /** The host end of container {@code i}'s veth pair. */
  private String hostIf(int i) {
    return "v" + lab.id + i;
  }

  /**
   * Attach request {@code a<i>} for namespace {@code c<i>}: every other one publishes a port
   * (host 20000+i → 80), every fourth names its address, the others get one allocated.
   */
  private String attachRequest(int i) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "a" + i);
    body.put("network", "lab");
    body.put("namespace", lab.ns("c" + i));
    body.put("hostInterface", hostIf(i));
    if (i % 4 == 1) {
      body.put("ip", PREFIX + "." + (100 + i));
    }
    if (i % 2 == 0) {
      ObjectNode port = body.putArray("ports").addObject();
      port.put("host", 20000 + i);
      port.put("container", 80);
    }
    return body.toString();
  }

  /** Attach request {@code x<i>}, invalid by {@code key: value}. */
  private String badRequest(int i, String key, String value, String namespace) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "x" + i);
    body.put("network", "lab");
    body.put("namespace", namespace);
    body.put(key, value);
    return body.toString();
  }

  private static Result send(ApiClient api, String method, String id, String body) {
    ApiResponse response;
    try {
      response = api.exchange(method, method.equals("DELETE") ? "/attachments/" + ApiClient.segment(id) : "/attachments", body);
    } catch (DaemonNotRunningException e) {
      return new Result(method, id, Outcome.NOT_SENT, 0, null, e.getMessage());
    } catch (RuntimeException e) {
      return new Result(method, id, Outcome.NO_ANSWER, 0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    boolean ok = method.equals("DELETE") ? response.status() == 200 : response.status() == 201 || response.status() == 200;
    if (ok) {
      return new Result(method, id, Outcome.SUCCESS, response.status(), response.json(), "");
    }
    assertThat(response.status()).as("%s %s answered %d: %s", method, id, response.status(), response.body()).isGreaterThanOrEqualTo(400);
    return new Result(method, id, Outcome.ERROR, response.status(), response.json(), response.body());
  }

  private static void record(List<Result> results, AtomicInteger answered, Result r) {
    results.add(r);
    if (r.outcome() == Outcome.SUCCESS || r.outcome() == Outcome.ERROR) {
      answered.incrementAndGet();
    }
  }

  /** GET /attachments, by id. */
  private Map<String, JsonNode> listed() {
    ApiResponse response = agent.api().call("GET", "/attachments", null);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    response.json().forEach(a -> byId.put(a.path("id").asText(), a));
    return byId;
  }

  /** {@code netagent plan} asks the running daemon: its plan (configuration and attachments) is empty. */
  private void assertDaemonPlanEmpty() {
    JsonNode plan = Lab.json(agent.ok("plan", "-o", "json"));
    assertThat(plan.path("kernel").asText()).isEqualTo("live kernel (daemon)");
    assertThat(plan.path("operations")).as("the daemon's plan: %s", plan).isEmpty();
    assertThat(plan.path("conflicts")).as("the daemon's plan: %s", plan).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The kernel, seen from outside

  /**
   * The kernel holds exactly what {@code listed} says, nothing more, nothing less: each listed
   * attachment converged, its host end on the bridge, its address in its namespace, its
   * neighbour and FDB entries and NAT map elements; no veth, address, neighbour or FDB entry or
   * map element for anything else among the namespaces c0 … c{@code namespaces - 1}.
   */
  private void assertWiredExactly(Map<String, JsonNode> listed, int namespaces) {
    TreeSet<String> links = new TreeSet<>(List.of(bridge));
    TreeSet<String> neighbours = new TreeSet<>();
    TreeSet<String> fdb = new TreeSet<>();
    TreeSet<String> map = new TreeSet<>();
    Map<String, JsonNode> byNamespace = new TreeMap<>();
    for (JsonNode a : listed.values()) {
      String id = a.path("id").asText();
      assertThat(a.path("state").asText()).as("state of %s: %s", id, a).isEqualTo("converged");
      String hostIf = a.path("hostInterface").asText();
      links.add(hostIf);
      neighbours.add(a.path("ip").asText() + " " + bridge + " " + a.path("mac").asText());
      fdb.add(a.path("mac").asText() + " " + hostIf);
      for (JsonNode p : a.path("ports")) {
        map.add("any_addr tcp " + p.path("host").asInt() + " -> " + a.path("ip").asText());
        map.add("any_port tcp " + p.path("host").asInt() + " -> " + p.path("container").asInt());
      }
      byNamespace.put(a.path("namespace").asText(), a);
      JsonNode host = kernel.link(lab.host, hostIf);
      assertThat(host).as("%s's host end %s", id, hostIf).isNotNull();
      assertThat(host.path("master").asText()).as("%s's host end on the bridge", id).isEqualTo(bridge);
      assertThat(host.path("flags").toString()).as("%s's host end up", id).contains("\"UP\"");
      assertThat(host.path("ifalias").asText()).isEqualTo("netagent:lab/" + a.path("name").asText());
    }
    assertThat(new TreeSet<>(kernel.ownedLinks())).as("netagent's links in the host namespace").isEqualTo(links);
    assertThat(new TreeSet<>(kernel.permanentNeighbourEntries())).as("permanent neighbours").isEqualTo(neighbours);
    assertThat(staticFdb()).as("static FDB entries on the bridge's ports").isEqualTo(fdb);
    assertThat(new TreeSet<>(kernel.natMapElements())).as("NAT map elements").isEqualTo(map);
    for (int i = 0; i < namespaces; i++) {
      String ns = lab.ns("c" + i);
      JsonNode a = byNamespace.get(ns);
      if (a == null) {
        assertThat(kernel.linkNames(ns)).as("links in %s, which nothing listed uses", ns).containsExactly("lo");
      } else {
        assertThat(kernel.linkNames(ns)).as("links in %s", ns).containsExactlyInAnyOrder("lo", "eth0");
        assertThat(kernel.addresses(ns, "eth0")).as("addresses in %s", ns).containsExactly(a.path("ip").asText() + "/24");
        JsonNode routes = lab.ip(ns, "route", "show", "default");
        assertThat(routes.toString()).as("default route in %s", ns).contains("\"gateway\":\"" + GATEWAY + "\"");
      }
    }
  }

  /** The bridge's static FDB entries, as {@code MAC PORT}. */
  private TreeSet<String> staticFdb() {
    TreeSet<String> result = new TreeSet<>();
    for (JsonNode e : Lab.json(Sh.ok("bridge", "-j", "-n", lab.host, "fdb", "show", "br", bridge))) {
      if (e.path("state").asText().equals("static")) {
        result.add(e.path("mac").asText() + " " + e.path("ifname").asText());
      }
    }
    return result;
  }

  /** Real traffic: from the host namespace to the gateway's published port; socat in the attachment's namespace answers. */
  private void assertPublishedPortReaches(JsonNode attachment) throws InterruptedException {
    String ns = attachment.path("namespace").asText();
    int port = attachment.path("ports").get(0).path("host").asInt();
    String answer = "served-by-" + attachment.path("id").asText();
    Process server = lab.spawn(ns, "socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo " + answer);
    try {
      long deadline = System.nanoTime() + DaemonProcess.BOUND.toNanos();
      Processes.Result r;
      do {
        r = lab.in(lab.host, "socat", "-t", "5", "-T", "5", "-", "TCP:" + GATEWAY + ":" + port + ",connect-timeout=5");
        if (r.out().contains(answer)) {
          return;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      throw new AssertionError("port " + port + " on " + GATEWAY + " does not reach " + ns + ": " + r);
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
