package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.it.CniPlugin.Answer;
import io.netagent.it.CniPlugin.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CNI plugin verb by verb (README "CNI plugin" and "CNI"), run as a runtime runs it: the
 * launcher with the CNI environment and the configuration on stdin ({@link CniPlugin}), against a
 * daemon in a lab whose file declares one network and one container publishing port 8080. What
 * the answers claim is checked against the kernel with {@code ip -j} and {@code nft -j}; every
 * answer's stdout is empty or exactly one JSON document; the ADD result is a valid
 * {@code prevResult} for Debian's reference {@code tuning} plugin.
 */
@ExtendWith(LabExtension.class)
class CniPluginIT {
  private static final String SUBNET = "10.214.0";
  private static final String GATEWAY = SUBNET + ".1";
  private static final String FILE_IP = SUBNET + ".5";
  private static final int FILE_PORT = 8080;

  private Lab lab;
  private Agent agent;
  private Witness kernel;
  private String bridge;
  private Path config;
  private DaemonProcess daemon;
  private CniPlugin plugin;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    kernel = new Witness(lab);
    bridge = "b" + lab.id;
    config = lab.config("""
        networks:
          - { name: lab, bridge: %s, subnet: %s.0/24, gateway: %s }
        containers:
          - { name: f1, network: lab, namespace: %s, createNamespace: true, hostInterface: v%sf, ip: %s, ports: [ { host: %d, container: 80 } ] }
        """.formatted(bridge, SUBNET, GATEWAY, lab.ns("f1"), lab.id, FILE_IP, FILE_PORT));
    plugin = new CniPlugin(dir);
  }

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.kill();
    }
  }

  @ParameterizedTest(name = "cniVersion {0}")
  @ValueSource(strings = {"0.4.0", "1.0.0", "1.1.0"})
  void versionAddRetryCheckAndDelTwice(String version) throws Exception {
    daemon = DaemonProcess.start(agent, config, "--resync", "600");

    // VERSION, answered by the plugin itself.
    JsonNode v = plugin.run(new Call("VERSION").stdin(CniPlugin.config(version, "lab", agent))).ok();
    assertThat(v.path("cniVersion").asText()).isEqualTo(version);
    assertThat(v.path("supportedVersions")).extracting(JsonNode::asText).containsExactlyElementsOf(CniPlugin.VERSIONS);

    // ADD: the result's shape, and the kernel holds what it says.
    String ns = lab.addNs("c1");
    String netns = "/run/netns/" + ns;
    String ctr = "ctr1" + lab.id;
    Call add = new Call("ADD").container(ctr, netns, "eth0").stdin(withPort(CniPlugin.config(version, "lab", agent), 8081));
    Answer added = plugin.run(add);
    JsonNode result = added.ok();
    assertResult(version, result, netns);
    String ip = result.at("/ips/0/address").asText().replace("/24", "");
    String hostEnd = result.at("/interfaces/0/name").asText();
    assertWired(ns, result, 8081);
    assertThat(attachment(ctr, "eth0")).as("the attachment").isEqualTo(200);

    // A retried identical ADD gives the same result.
    assertThat(plugin.run(add).ok()).as("the retried ADD's result").isEqualTo(result);
    assertThat(kernel.bridgePorts(bridge)).containsExactlyInAnyOrder("v" + lab.id + "f", hostEnd);

    // CHECK passes when wired, with nothing on stdout.
    Call check = new Call("CHECK").container(ctr, netns, "eth0").stdin(withPrev(withPort(CniPlugin.config(version, "lab", agent), 8081), result));
    assertThat(plugin.run(check).ok()).isNull();

    // DEL twice: both succeed, and nothing is left.
    Call del = new Call("DEL").container(ctr, netns, "eth0").stdin(withPrev(withPort(CniPlugin.config(version, "lab", agent), 8081), result));
    assertThat(plugin.run(del).ok()).isNull();
    assertGone(ctr, ns, hostEnd, ip, 8081);
    assertThat(plugin.run(del).ok()).isNull();
    assertGone(ctr, ns, hostEnd, ip, 8081);

    // DEL after the namespace is gone.
    String ns2 = lab.addNs("c2");
    String ctr2 = "ctr2" + lab.id;
    JsonNode r2 = plugin.run(new Call("ADD").container(ctr2, "/run/netns/" + ns2, "eth0").stdin(CniPlugin.config(version, "lab", agent))).ok();
    String hostEnd2 = r2.at("/interfaces/0/name").asText();
    assertThat(kernel.link(lab.host, hostEnd2)).isNotNull();
    Sh.ok("ip", "netns", "del", ns2);
    assertThat(plugin.run(new Call("DEL").container(ctr2, "/run/netns/" + ns2, "eth0").stdin(CniPlugin.config(version, "lab", agent))).ok()).isNull();
    assertThat(attachment(ctr2, "eth0")).as("the attachment after DEL").isEqualTo(404);
    Witness.awaitKernel(System.nanoTime(), "the host end of a container whose namespace went", () -> kernel.link(lab.host, hostEnd2) == null
        ? List.of() : List.of(hostEnd2 + " still there"));
    assertThat(kernel.natMapElements()).as("only the file container's map elements").hasSize(2).allMatch(e -> e.contains(" tcp " + FILE_PORT + " "));
  }

  /** On a dual-stack network the result lists both addresses and both default routes, and the kernel holds them (IPv6 usable at once). */
  @Test
  void aDualStackAddListsBothFamiliesAndTheKernelHoldsThem() throws Exception {
    Path dual = lab.config(Files.readString(config).replace("gateway: " + GATEWAY + " }", "gateway: " + GATEWAY + ", subnet6: \"fd00:217::/64\" }"));
    daemon = DaemonProcess.start(agent, dual, "--resync", "600");
    String ns = lab.addNs("d1");
    String netns = "/run/netns/" + ns;
    String ctr = "ctrd" + lab.id;
    ObjectNode conf = CniPlugin.config("1.0.0", "lab", agent);
    JsonNode result = plugin.run(new Call("ADD").container(ctr, netns, "eth0").stdin(conf)).ok();

    assertThat(result.path("ips")).as("ips of %s", result).hasSize(2);
    String ip6 = result.at("/ips/1/address").asText();
    assertThat(ip6).startsWith("fd00:217::").endsWith("/64");
    assertThat(result.at("/ips/1/gateway").asText()).isEqualTo("fd00:217::1");
    assertThat(result.path("routes").findValuesAsText("dst")).containsExactly("0.0.0.0/0", "::/0");
    assertThat(lab.ip(ns, "-6", "addr", "show", "dev", "eth0", "scope", "global").toString()).contains(ip6.replace("/64", ""));
    assertThat(lab.ip(ns, "-6", "route", "show", "default").path(0).path("gateway").asText()).isEqualTo("fd00:217::1");
    assertThat(lab.in(ns, "ping", "-6", "-c", "1", "-W", "5", "fd00:217::1").code()).as("ping -6 gateway6 right after ADD").isZero();

    assertThat(plugin.run(new Call("DEL").container(ctr, netns, "eth0").stdin(withPrev(conf, result))).ok()).isNull();
    assertThat(kernel.linkNames(ns)).as("links in %s after DEL", ns).containsExactly("lo");
    assertThat(lab.ip(lab.host, "-6", "neigh", "show", "proxy").toString()).doesNotContain(ip6.replace("/64", ""));
  }

  @Test
  void checkFailsWhenTheNamespaceIsGoneAndPassesWhenItIsBackAndRewired() throws Exception {
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    String ns = lab.addNs("c1");
    String ctr = "ctr" + lab.id;
    ObjectNode conf = CniPlugin.config("1.0.0", "lab", agent);
    JsonNode result = plugin.run(new Call("ADD").container(ctr, "/run/netns/" + ns, "eth0").stdin(conf)).ok();
    Call check = new Call("CHECK").container(ctr, "/run/netns/" + ns, "eth0").stdin(withPrev(conf, result));
    assertThat(plugin.run(check).ok()).isNull();

    Sh.ok("ip", "netns", "del", ns);
    Answer failed = awaitCheck(check, a -> a.code() != 0, "CHECK fails after the namespace is deleted");
    String message = failed.error(101);
    assertThat(message).as("CHECK's message").contains("absent");
    System.out.println("CniPluginIT CHECK with the namespace gone: " + message);

    lab.addNs("c1");
    awaitCheck(check, a -> a.code() == 0, "CHECK passes once the namespace is back and wired again");
    assertWired(ns, result, -1);
  }

  @Test
  void statusIsZeroWhileTheDaemonRunsAndFiftyWhenItIsDown() throws Exception {
    Call status = new Call("STATUS").stdin(CniPlugin.config("1.1.0", "lab", agent));
    String down = plugin.run(status).error(50);
    assertThat(down).as("names the socket").contains(agent.stateDir().resolve("netagent.sock").toString());
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    assertThat(plugin.run(status).ok()).isNull();
    daemon.kill();
    plugin.run(status).error(50); // the socket file is left behind by SIGKILL: connection refused
  }

  @Test
  void gcDetachesEveryCniAttachmentOfTheNetworkNotListed() throws Exception {
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    List<String> ids = List.of("gca" + lab.id, "gcb" + lab.id, "gcc" + lab.id);
    List<String> hostEnds = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String ns = lab.addNs("g" + i);
      hostEnds.add(plugin.run(new Call("ADD").container(ids.get(i), "/run/netns/" + ns, "eth0").stdin(CniPlugin.config("1.1.0", "lab", agent))).ok()
          .at("/interfaces/0/name").asText());
    }
    // An attachment made through the API, not by CNI: GC never touches it.
    String apiNs = lab.addNs("api");
    assertThat(agent.api().exchange("POST", "/attachments", "{\"id\": \"api1\", \"network\": \"lab\", \"namespace\": \"/run/netns/%s\"}".formatted(apiNs))
        .status()).isEqualTo(201);

    ObjectNode gc = CniPlugin.config("1.1.0", "lab", agent);
    ArrayNode valid = gc.putArray("cni.dev/valid-attachments");
    valid.addObject().put("containerID", ids.get(0)).put("ifname", "eth0");
    valid.addObject().put("containerID", ids.get(2)).put("ifname", "eth0");
    assertThat(plugin.run(new Call("GC").stdin(gc)).ok()).isNull();

    assertThat(attachment(ids.get(0), "eth0")).isEqualTo(200);
    assertThat(attachment(ids.get(1), "eth0")).as("the one not listed").isEqualTo(404);
    assertThat(attachment(ids.get(2), "eth0")).isEqualTo(200);
    assertThat(agent.api().exchange("GET", "/attachments/api1", null).status()).as("the API's attachment").isEqualTo(200);
    assertThat(kernel.link(lab.host, hostEnds.get(1))).as("the host end of the one not listed").isNull();
    assertThat(kernel.link(lab.host, hostEnds.get(0))).isNotNull();
    assertThat(kernel.link(lab.host, hostEnds.get(2))).isNotNull();
    assertThat(kernel.linkNames(lab.ns("g1"))).containsExactly("lo");

    // The older key the CNI library also sends, with nothing listed: every CNI attachment goes, the API's stays.
    ObjectNode gcAll = CniPlugin.config("1.1.0", "lab", agent);
    gcAll.putArray("cni.dev/attachments");
    assertThat(plugin.run(new Call("GC").stdin(gcAll)).ok()).isNull();
    for (String id : ids) {
      assertThat(attachment(id, "eth0")).as(id).isEqualTo(404);
    }
    assertThat(agent.api().exchange("GET", "/attachments/api1", null).status()).isEqualTo(200);
  }

  @Test
  void everyErrorIsTheSpecsErrorObjectWithItsCodeAndChangesNothing() throws Exception {
    String ns = lab.addNs("c1");
    String netns = "/run/netns/" + ns;
    String ctr = "ctr" + lab.id;
    // 11 and 50 while the daemon is down (the socket is not there yet).
    assertThat(plugin.run(new Call("ADD").container(ctr, netns, "eth0").stdin(CniPlugin.config("1.0.0", "lab", agent))).error(11)).contains("netagent.sock");
    plugin.run(new Call("CHECK").container(ctr, netns, "eth0").stdin(CniPlugin.config("1.0.0", "lab", agent))).error(11);
    plugin.run(new Call("GC").stdin(CniPlugin.config("1.1.0", "lab", agent))).error(11);
    plugin.run(new Call("STATUS").stdin(CniPlugin.config("1.1.0", "lab", agent))).error(50);

    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    String before = state();
    record Bad(String what, Call call, int code, String says) {}
    ObjectNode ok = CniPlugin.config("1.0.0", "lab", agent);
    ObjectNode oldVersion = CniPlugin.config("0.3.1", "lab", agent);
    ObjectNode unknownNetwork = CniPlugin.config("1.0.0", "nope", agent);
    ObjectNode outside = CniPlugin.config("1.0.0", "lab", agent);
    outside.putObject("runtimeConfig").putArray("ips").add("10.99.0.7/24");
    ObjectNode fileAddress = CniPlugin.config("1.0.0", "lab", agent);
    fileAddress.putObject("runtimeConfig").putArray("ips").add(FILE_IP + "/24");
    String withDummy = lab.addNs("c2");
    // The dummy module is not loaded on these machines: a veth pair of the namespace's own.
    Sh.ok("ip", "-n", withDummy, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
    List<Bad> bad = List.of(
        new Bad("unsupported cniVersion", new Call("ADD").container(ctr, netns, "eth0").stdin(oldVersion), 1, "0.3.1"),
        new Bad("CHECK of an unknown container", new Call("CHECK").container(ctr, netns, "eth0").stdin(ok), 3, ctr),
        new Bad("no CNI_COMMAND", new Call(null).container(ctr, netns, "eth0").stdin(ok), 4, "CNI_COMMAND"),
        new Bad("an unknown CNI_COMMAND", new Call("FROB").container(ctr, netns, "eth0").stdin(ok), 4, "FROB"),
        new Bad("ADD without CNI_NETNS", new Call("ADD").container(ctr, netns, "eth0").env("CNI_NETNS", null).stdin(ok), 4, "CNI_NETNS"),
        new Bad("stdin not JSON", new Call("ADD").container(ctr, netns, "eth0").stdin("cniVersion: 1.0.0"), 6, ""),
        new Bad("an unknown network", new Call("ADD").container(ctr, netns, "eth0").stdin(unknownNetwork), 7, "nope"),
        new Bad("an address outside the subnet", new Call("ADD").container(ctr, netns, "eth0").stdin(outside), 7, "10.99.0.7"),
        new Bad("a namespace that does not exist", new Call("ADD").container(ctr, "/run/netns/" + lab.ns("none"), "eth0").stdin(ok), 7, lab.ns("none")),
        new Bad("the host port of a file container", new Call("ADD").container(ctr, netns, "eth0").stdin(withPort(ok.deepCopy(), FILE_PORT)), 100, "f1"),
        new Bad("the address of a file container", new Call("ADD").container(ctr, netns, "eth0").stdin(fileAddress), 100, "f1"),
        new Bad("an interface of that name in the namespace", new Call("ADD").container(ctr, "/run/netns/" + withDummy, "eth0").stdin(ok), 100, "eth0"));
    for (Bad b : bad) {
      String message = plugin.run(b.call).error(b.code);
      assertThat(message).as(b.what).contains(b.says);
      System.out.printf("CniPluginIT %-44s -> %3d %s%n", b.what, b.code, message);
      assertThat(state()).as("after %s", b.what).isEqualTo(before);
    }
    assertThat(kernel.linkNames(withDummy)).as("the namespace's own eth0 is left alone").containsExactlyInAnyOrder("lo", "eth0", "peer0");
    assertThat(kernel.link(withDummy, "eth0").path("link").asText()).as("eth0's peer").isEqualTo("peer0");
  }

  @Test
  void delWhileTheDaemonIsDownIsRecordedAndCarriedOutWhenItStarts() throws Exception {
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    String ns = lab.addNs("c1");
    String ctr = "ctr" + lab.id;
    ObjectNode conf = withPort(CniPlugin.config("1.0.0", "lab", agent), 8082);
    JsonNode result = plugin.run(new Call("ADD").container(ctr, "/run/netns/" + ns, "eth0").stdin(conf)).ok();
    String hostEnd = result.at("/interfaces/0/name").asText();
    String ip = result.at("/ips/0/address").asText().replace("/24", "");
    daemon.kill();

    assertThat(plugin.run(new Call("DEL").container(ctr, "/run/netns/" + ns, "eth0").stdin(withPrev(conf, result))).ok()).isNull();
    Path spool = agent.dataDir().resolve("cni-del");
    assertThat(records(spool)).as("the recorded DEL").hasSize(1);
    assertThat(kernel.link(lab.host, hostEnd)).as("nothing is done while the daemon is down").isNotNull();

    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    Witness.awaitKernel(System.nanoTime(), "the recorded DEL carried out", () -> {
      List<String> problems = new ArrayList<>();
      if (attachment(ctr, "eth0") != 404) {
        problems.add("attachment still there");
      }
      if (!records(spool).isEmpty()) {
        problems.add("records " + records(spool));
      }
      return problems;
    });
    assertGone(ctr, ns, hostEnd, ip, 8082);
  }

  @ParameterizedTest(name = "cniVersion {0}")
  @ValueSource(strings = {"0.4.0", "1.0.0"})
  void theAddResultIsAValidPrevResultForTheReferenceTuningPlugin(String version) throws Exception {
    daemon = DaemonProcess.start(agent, config, "--resync", "600");
    String ns = lab.addNs("c1");
    String ctr = "ctr" + lab.id;
    JsonNode result = plugin.run(new Call("ADD").container(ctr, "/run/netns/" + ns, "eth0").stdin(CniPlugin.config(version, "lab", agent))).ok();
    lab.ok(ns, "sysctl", "-w", "net.ipv4.conf.eth0.rp_filter=2");

    ObjectNode tuning = (ObjectNode) Lab.json("{}");
    tuning.put("cniVersion", version);
    tuning.put("name", "netagent");
    tuning.put("type", "tuning");
    tuning.putObject("sysctl").put("net.ipv4.conf.eth0.rp_filter", "0");
    tuning.put("mtu", kernel.link(ns, "eth0").path("mtu").asInt());
    tuning.set("prevResult", result);
    Answer chained = CniPlugin.reference("tuning", new Call("ADD").container(ctr, "/run/netns/" + ns, "eth0").stdin(tuning));
    JsonNode out = chained.ok();
    assertThat(out.path("ips")).as("tuning passes the result on: %s", chained).isEqualTo(result.path("ips"));
    assertThat(out.path("interfaces").size()).isEqualTo(2);
    assertThat(lab.ok(ns, "sysctl", "-n", "net.ipv4.conf.eth0.rp_filter").strip()).as("tuning applied its sysctl").isEqualTo("0");
  }

  // ---------------------------------------------------------------------------------------------

  private static ObjectNode withPort(ObjectNode config, int hostPort) {
    config.putObject("runtimeConfig").putArray("portMappings").addObject().put("hostPort", hostPort).put("containerPort", 80).put("protocol", "tcp");
    return config;
  }

  private static ObjectNode withPrev(ObjectNode config, JsonNode result) {
    ObjectNode copy = config.deepCopy();
    copy.set("prevResult", result);
    return copy;
  }

  /** The shape of an ADD result in {@code version}: interfaces with mac (and sandbox for the container's), the address, the route. */
  private void assertResult(String version, JsonNode result, String netns) {
    assertThat(result.path("cniVersion").asText()).isEqualTo(version);
    JsonNode interfaces = result.path("interfaces");
    assertThat(interfaces).as("interfaces of %s", result).hasSize(2);
    assertThat(interfaces.get(0).path("mac").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    assertThat(interfaces.get(0).has("sandbox")).as("the host end has no sandbox").isFalse();
    assertThat(interfaces.get(1).path("name").asText()).isEqualTo("eth0");
    assertThat(interfaces.get(1).path("mac").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    assertThat(interfaces.get(1).path("sandbox").asText()).isEqualTo(netns);
    JsonNode ips = result.path("ips");
    assertThat(ips).as("ips of %s", result).hasSize(1);
    assertThat(ips.get(0).path("address").asText()).matches(SUBNET.replace(".", "\\.") + "\\.\\d+/24").isNotEqualTo(FILE_IP + "/24");
    assertThat(ips.get(0).path("gateway").asText()).isEqualTo(GATEWAY);
    assertThat(ips.get(0).path("interface").asInt(-1)).as("index of the container's interface").isEqualTo(1);
    if (version.equals("0.4.0")) {
      assertThat(ips.get(0).path("version").asText()).isEqualTo("4");
    } else {
      assertThat(ips.get(0).has("version")).as("no version in %s", version).isFalse();
    }
    assertThat(result.path("routes")).hasSize(1);
    assertThat(result.at("/routes/0/dst").asText()).isEqualTo("0.0.0.0/0");
  }

  /** The kernel holds what the result says: the address and MAC in the namespace, the host end on the bridge, the port's map element. */
  private void assertWired(String ns, JsonNode result, int hostPort) {
    String cidr = result.at("/ips/0/address").asText();
    String ip = cidr.replace("/24", "");
    assertThat(kernel.addresses(ns, "eth0")).containsExactly(cidr);
    assertThat(kernel.link(ns, "eth0").path("address").asText()).isEqualTo(result.at("/interfaces/1/mac").asText());
    JsonNode host = kernel.link(lab.host, result.at("/interfaces/0/name").asText());
    assertThat(host).as("the host end").isNotNull();
    assertThat(host.path("master").asText()).isEqualTo(bridge);
    assertThat(host.path("address").asText()).isEqualTo(result.at("/interfaces/0/mac").asText());
    JsonNode route = lab.ip(ns, "route", "show", "default");
    assertThat(route).hasSize(1);
    assertThat(route.get(0).path("gateway").asText()).isEqualTo(GATEWAY);
    if (hostPort > 0) {
      assertThat(kernel.natMapElements()).contains("any_addr tcp " + hostPort + " -> " + ip, "any_port tcp " + hostPort + " -> 80");
    }
  }

  private void assertGone(String ctr, String ns, String hostEnd, String ip, int hostPort) {
    assertThat(attachment(ctr, "eth0")).as("the attachment").isEqualTo(404);
    assertThat(kernel.link(lab.host, hostEnd)).as("the host end %s", hostEnd).isNull();
    assertThat(kernel.linkNames(ns)).as("links in %s", ns).containsExactly("lo");
    assertThat(kernel.natMapElements()).as("NAT map elements").noneMatch(e -> e.contains(" " + hostPort + " ") || e.endsWith(" -> " + ip));
    assertThat(kernel.permanentNeighbourEntries()).noneMatch(n -> n.startsWith(ip + " "));
  }

  private int attachment(String ctr, String ifname) {
    return agent.api().exchange("GET", "/attachments/cni-" + ctr + "." + ifname, null).status();
  }

  private Answer awaitCheck(Call check, java.util.function.Predicate<Answer> done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DaemonProcess.BOUND.toNanos();
    Answer last;
    do {
      last = plugin.run(check);
      assertThat(last.code() == 0 || (last.json() != null && last.json().path("code").asInt() == 101)).as("CHECK: pass or 101, %s", last).isTrue();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": not within " + DaemonProcess.BOUND.toSeconds() + " s; last " + last);
  }

  private static List<Path> records(Path spool) {
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.filter(p -> p.toString().endsWith(".json")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What a refused call could have changed: the host's links, the NAT table, the attachments. */
  private String state() {
    return kernel.linkNames(lab.host) + "\n" + kernel.natTable() + "\n" + agent.api().call("GET", "/attachments", null).body();
  }
}
