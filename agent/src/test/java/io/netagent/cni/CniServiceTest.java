package io.netagent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.NamespaceRef;
import io.netagent.testing.FakeDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CNI verbs as the daemon serves them ({@code POST /cni}), against the in-memory kernel. */
class CniServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = """
      networks:
        - { name: lab, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
      containers:
        - { name: file, network: lab, namespace: file-ns, createNamespace: true, ip: 10.9.0.2, ports: [ { host: 8080, container: 80 } ] }
      """;
  private static final String CID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  private final FakeKernel kernel = new FakeKernel();
  private FakeDaemon running;
  private CniService cni;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("netagent.yaml"), CONFIG);
    kernel.addNamespace(NamespaceRef.parse("/run/netns/cni-1"));
    kernel.addNamespace(NamespaceRef.parse("/run/netns/cni-2"));
    running = FakeDaemon.start(kernel, dir.resolve("netagent.yaml"), dir);
    cni = new CniService(running.daemon());
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(running.stop()).isTrue();
  }

  private CniAnswer call(String command, String version, String containerId, String netns, String config) throws Exception {
    String body = "{\"command\": \"" + command + "\", \"containerId\": " + quoted(containerId) + ", \"netns\": " + quoted(netns)
        + ", \"ifname\": \"eth0\", \"args\": null, \"path\": \"/opt/cni/bin\", \"config\": {\"cniVersion\": \"" + version
        + "\", \"name\": \"podman\", \"type\": \"netagent\", \"network\": \"lab\"" + config + "}}";
    return cni.handle(body).get(1, TimeUnit.MINUTES);
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }

  private static JsonNode json(CniAnswer answer) throws Exception {
    return JSON.readTree(answer.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.4.0", "1.0.0", "1.1.0"})
  void addAnswersTheResultOfTheConfigurationsVersionAndARetryTheSame(String version) throws Exception {
    String ports = ", \"runtimeConfig\": {\"portMappings\": [{\"hostPort\": 9090, \"containerPort\": 80, \"protocol\": \"tcp\"}]}";

    CniAnswer added = call("ADD", version, CID, "/run/netns/cni-1", ports);

    assertThat(added.status()).as(added.body()).isEqualTo(200);
    JsonNode result = json(added);
    assertThat(result.path("cniVersion").asText()).isEqualTo(version);
    assertThat(result.path("interfaces").get(1).path("name").asText()).isEqualTo("eth0");
    assertThat(result.path("interfaces").get(1).path("sandbox").asText()).isEqualTo("/run/netns/cni-1");
    JsonNode ip = result.path("ips").get(0);
    assertThat(ip.path("address").asText()).isEqualTo("10.9.0.3/24");
    assertThat(ip.path("gateway").asText()).isEqualTo("10.9.0.1");
    assertThat(ip.path("interface").asInt()).isEqualTo(1);
    assertThat(ip.has("version")).as("0.4.0 writes the IP version").isEqualTo(version.equals("0.4.0"));
    assertThat(result.path("routes").get(0).path("dst").asText()).isEqualTo("0.0.0.0/0");
    assertThat(running.daemon().attachment("cni-" + CID + ".eth0").orElseThrow().container().ports()).hasSize(1);

    assertThat(json(call("ADD", version, CID, "/run/netns/cni-1", ports))).as("a retry").isEqualTo(result);
  }

  @Test
  void delIsIdempotentAndWorksWhenTheNamespaceIsGone() throws Exception {
    assertThat(call("ADD", "1.0.0", CID, "/run/netns/cni-1", "").status()).isEqualTo(200);
    kernel.deleteNamespace(NamespaceRef.parse("/run/netns/cni-1"));

    assertThat(call("DEL", "1.0.0", CID, "/run/netns/cni-1", "").status()).isEqualTo(200);
    assertThat(call("DEL", "1.0.0", CID, "/run/netns/cni-1", "").status()).as("twice").isEqualTo(200);
    assertThat(call("DEL", "1.0.0", "never-added", null, "").status()).as("unknown").isEqualTo(200);
    assertThat(running.daemon().attachments()).isEmpty();
  }

  @Test
  void checkTellsWhatDiffersAndUnknownContainers() throws Exception {
    assertThat(call("ADD", "1.0.0", CID, "/run/netns/cni-1", "").status()).isEqualTo(200);
    assertThat(call("CHECK", "1.0.0", CID, "/run/netns/cni-1", "").status()).isEqualTo(200);

    // A drift the daemon would repair at once here; one it cannot: the namespace gone.
    kernel.deleteNamespace(NamespaceRef.parse("/run/netns/cni-1"));
    CniAnswer differs = call("CHECK", "1.0.0", CID, "/run/netns/cni-1", "");
    assertThat(differs.status()).isEqualTo(409);
    assertThat(json(differs).path("code").asInt()).isEqualTo(CniError.DIFFERS);
    assertThat(json(differs).path("msg").asText()).contains("absent (namespace gone");

    CniAnswer unknown = call("CHECK", "1.0.0", "other", "/run/netns/cni-2", "");
    assertThat(json(unknown).path("code").asInt()).isEqualTo(CniError.UNKNOWN_CONTAINER);
  }

  @Test
  void gcRemovesTheNetworksCniAttachmentsNotListed() throws Exception {
    assertThat(call("ADD", "1.1.0", "keep", "/run/netns/cni-1", "").status()).isEqualTo(200);
    assertThat(call("ADD", "1.1.0", "drop", "/run/netns/cni-2", "").status()).isEqualTo(200);

    CniAnswer gc = call("GC", "1.1.0", null, null, ", \"cni.dev/valid-attachments\": [{\"containerID\": \"keep\", \"ifname\": \"eth0\"}]");

    assertThat(gc.status()).as(gc.body()).isEqualTo(200);
    assertThat(running.daemon().attachments()).extracting(a -> a.id()).containsExactly("cni-keep.eth0");
    assertThat(call("STATUS", "1.1.0", null, null, "").status()).isEqualTo(200);
  }

  @Test
  void failuresAreTheSpecsErrorsWithTheirCodes() throws Exception {
    assertThat(json(call("ADD", "0.3.1", CID, "/run/netns/cni-1", "")).path("code").asInt()).isEqualTo(CniError.INCOMPATIBLE_VERSION);
    assertThat(json(call("ADD", "1.0.0", CID, null, "")).path("code").asInt()).isEqualTo(CniError.INVALID_ENVIRONMENT);
    assertThat(json(cni.handle("not json").get()).path("code").asInt()).isEqualTo(CniError.DECODING_FAILURE);
    assertThat(json(cni.handle("{\"command\": \"FROB\", \"config\": {}}").get()).path("code").asInt()).isEqualTo(CniError.INVALID_ENVIRONMENT);

    CniAnswer unknownNetwork = cni.handle("{\"command\": \"ADD\", \"containerId\": \"x\", \"netns\": \"/run/netns/cni-1\", \"ifname\": \"eth0\","
        + " \"config\": {\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"netagent\", \"network\": \"nope\"}}").get();
    assertThat(json(unknownNetwork).path("code").asInt()).isEqualTo(CniError.INVALID_NETWORK_CONFIG);
    assertThat(json(unknownNetwork).path("details").asText()).contains("lab");

    CniAnswer taken = call("ADD", "1.0.0", CID, "/run/netns/cni-1",
        ", \"runtimeConfig\": {\"portMappings\": [{\"hostPort\": 8080, \"containerPort\": 80, \"protocol\": \"tcp\"}]}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(json(taken).path("code").asInt()).isEqualTo(CniError.CONFLICT);
    assertThat(json(taken).path("details").asText()).contains("ports[0].host", "already published by container file");

    CniAnswer gone = call("ADD", "1.0.0", CID, "/run/netns/nowhere", "");
    assertThat(json(gone).path("code").asInt()).isEqualTo(CniError.INVALID_NETWORK_CONFIG);
    assertThat(json(gone).path("details").asText()).contains("namespace");
    assertThat(running.daemon().attachments()).isEmpty();
  }

  @Test
  void delsRecordedWhileTheDaemonWasDownAreCarriedOutAndForgotten() throws Exception {
    assertThat(call("ADD", "1.0.0", CID, "/run/netns/cni-1", "").status()).isEqualTo(200);
    Path spool = Files.createDirectories(dir.resolve("data").resolve(CniSpool.DIRECTORY));
    Files.writeString(spool.resolve("recorded.json"), "{\"command\": \"DEL\", \"containerId\": \"" + CID + "\", \"netns\": null,"
        + " \"ifname\": \"eth0\", \"args\": null, \"path\": null, \"config\": {\"cniVersion\": \"1.0.0\", \"name\": \"podman\","
        + " \"type\": \"netagent\", \"network\": \"lab\"}}");
    Files.writeString(spool.resolve("unknown.json"), "{\"command\": \"DEL\", \"containerId\": \"gone-long-ago\", \"ifname\": \"eth0\","
        + " \"config\": {\"cniVersion\": \"1.0.0\", \"network\": \"lab\"}}");

    assertThat(CniSpool.drain(dir.resolve("data"), cni)).isEqualTo(2);

    assertThat(running.daemon().attachments()).isEmpty();
    assertThat(Files.list(spool)).isEmpty();
  }

  private CniAnswer inline(String command, String containerId, String netns, String network) throws Exception {
    String body = "{\"command\": \"" + command + "\", \"containerId\": \"" + containerId + "\", \"netns\": " + quoted(netns)
        + ", \"ifname\": \"eth0\", \"config\": {\"cniVersion\": \"1.0.0\", \"name\": \"podnet\", \"type\": \"netagent\"" + network + "}}";
    return cni.handle(body).get(1, TimeUnit.MINUTES);
  }

  @Test
  void aNetworkDefinedInlineIsDeclaredByTheFirstAddAndGoesWithTheLastDel() throws Exception {
    String network = ", \"bridge\": \"podbr0\", \"subnet\": \"10.77.0.0/24\", \"gateway\": \"10.77.0.1\"";

    CniAnswer first = inline("ADD", "one", "/run/netns/cni-1", network);
    CniAnswer second = inline("ADD", "two", "/run/netns/cni-2", network);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(json(first).path("ips").get(0).path("address").asText()).isEqualTo("10.77.0.2/24");
    assertThat(json(second).path("ips").get(0).path("address").asText()).isEqualTo("10.77.0.3/24");
    assertThat(running.daemon().networks()).extracting(n -> n.network().name()).containsExactly("lab", "podnet");
    assertThat(kernel.observe(io.netagent.kernel.Scope.whole(java.util.Set.of())).host().link(io.netagent.model.InterfaceName.of("podbr0")))
        .isPresent();

    CniAnswer clash = inline("ADD", "three", "/run/netns/cni-2", ", \"bridge\": \"otherbr\", \"subnet\": \"10.9.0.0/25\", \"gateway\": \"10.9.0.1\"");
    assertThat(json(clash).path("code").asInt()).as(clash.body()).isEqualTo(CniError.CONFLICT);
    assertThat(json(clash).path("msg").asText()).contains("overlaps subnet 10.9.0.0/24 of network lab");

    assertThat(inline("DEL", "one", "/run/netns/cni-1", network).status()).isEqualTo(200);
    assertThat(running.daemon().networks()).as("still holds one").extracting(n -> n.network().name()).contains("podnet");
    assertThat(inline("DEL", "two", "/run/netns/cni-2", network).status()).isEqualTo(200);
    assertThat(running.daemon().networks()).extracting(n -> n.network().name()).containsExactly("lab");
    assertThat(running.daemon().inspect().get(1, TimeUnit.MINUTES).plan().isEmpty()).isTrue();
  }

  @Test
  void aRestartedDaemonRestoresTheInlineNetworkBeforeItsAttachments() throws Exception {
    String network = ", \"bridge\": \"podbr0\", \"subnet\": \"10.77.0.0/24\", \"gateway\": \"10.77.0.1\"";
    assertThat(inline("ADD", "one", "/run/netns/cni-1", network).status()).isEqualTo(200);
    assertThat(running.stop()).isTrue();

    running = FakeDaemon.start(kernel, dir.resolve("netagent.yaml"), dir);
    cni = new CniService(running.daemon());

    assertThat(running.daemon().networks()).extracting(n -> n.network().name()).containsExactly("lab", "podnet");
    assertThat(running.daemon().attachments()).extracting(a -> a.id()).containsExactly("cni-one.eth0");
    assertThat(running.daemon().inspect().get(1, TimeUnit.MINUTES).plan().isEmpty()).isTrue();
  }

  @Test
  void aDualStackAddListsBothAddressesWithTheirGatewaysAndBothDefaultRoutes() throws Exception {
    String network = ", \"bridge\": \"podbr0\", \"subnet\": \"10.77.0.0/24\", \"gateway\": \"10.77.0.1\", \"subnet6\": \"fd00:77::/64\""
        + ", \"masquerade6\": false, \"runtimeConfig\": {\"ips\": [\"fd00:77::50/64\", \"10.77.0.50/24\"]}";

    CniAnswer added = inline("ADD", "one", "/run/netns/cni-1", network);

    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(running.daemon().networks()).filteredOn(n -> n.network().name().equals("podnet")).singleElement()
        .satisfies(n -> assertThat(n.network().bridge().ipv6().orElseThrow().sourceNat()).hasToString("no source NAT"));
    assertThat(added.body()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"veth-one-eth0\",\"mac\":\"02:42:24:39:91:b5\"},"
        + "{\"name\":\"eth0\",\"mac\":\"02:42:24:39:91:b4\",\"sandbox\":\"/run/netns/cni-1\"}],"
        + "\"ips\":[{\"address\":\"10.77.0.50/24\",\"gateway\":\"10.77.0.1\",\"interface\":1},"
        + "{\"address\":\"fd00:77::50/64\",\"gateway\":\"fd00:77::1\",\"interface\":1}],"
        + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.77.0.1\"},{\"dst\":\"::/0\",\"gw\":\"fd00:77::1\"}],\"dns\":{}}");
  }

  @Test
  void aDualStackAddIn040WritesEachAddresssVersion() throws Exception {
    CniAnswer added = cni.handle("{\"command\": \"ADD\", \"containerId\": \"one\", \"netns\": \"/run/netns/cni-1\", \"ifname\": \"eth0\","
        + " \"config\": {\"cniVersion\": \"0.4.0\", \"name\": \"podnet\", \"type\": \"netagent\", \"bridge\": \"podbr0\","
        + " \"subnet\": \"10.77.0.0/24\", \"gateway\": \"10.77.0.1\", \"subnet6\": \"fd00:77::/64\", \"gateway6\": \"fd00:77::fe\"}}")
        .get(1, TimeUnit.MINUTES);

    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(json(added).path("ips")).hasToString("[{\"version\":\"4\",\"address\":\"10.77.0.2/24\",\"gateway\":\"10.77.0.1\",\"interface\":1},"
        + "{\"version\":\"6\",\"address\":\"fd00:77::1/64\",\"gateway\":\"fd00:77::fe\",\"interface\":1}]");
    assertThat(json(added).path("routes")).hasToString("[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.77.0.1\"},{\"dst\":\"::/0\",\"gw\":\"fd00:77::fe\"}]");
  }

  @Test
  void anIpv6OnlyAddListsTheIpv6AddressAndRouteOnly() throws Exception {
    CniAnswer added = inline("ADD", "one", "/run/netns/cni-1", ", \"bridge\": \"podbr6\", \"subnet6\": \"fd00:66::/64\"");

    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(json(added).path("ips")).hasToString("[{\"address\":\"fd00:66::2/64\",\"gateway\":\"fd00:66::1\",\"interface\":1}]");
    assertThat(json(added).path("routes")).hasToString("[{\"dst\":\"::/0\",\"gw\":\"fd00:66::1\"}]");
  }

  @Test
  void checkWithTheDualStackPrevResultAndDelFindTheAttachmentByItsKey() throws Exception {
    String network = ", \"bridge\": \"podbr0\", \"subnet\": \"10.77.0.0/24\", \"gateway\": \"10.77.0.1\", \"subnet6\": \"fd00:77::/64\"";
    CniAnswer added = inline("ADD", "one", "/run/netns/cni-1", network);
    assertThat(added.status()).isEqualTo(200);

    CniAnswer checked = inline("CHECK", "one", "/run/netns/cni-1", network + ", \"prevResult\": " + added.body());
    assertThat(checked.status()).as(checked.body()).isEqualTo(200);
    assertThat(inline("DEL", "one", "/run/netns/cni-1", network).status()).isEqualTo(200);
    assertThat(running.daemon().attachments()).isEmpty();
  }
}
