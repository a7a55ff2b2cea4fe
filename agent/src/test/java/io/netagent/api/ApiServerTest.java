package io.netagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.daemon.RequestRejectedException;
import io.netagent.daemon.RequestRejectedException.Kind;
import io.netagent.metrics.Metrics;
import io.netagent.report.PlanJson;
import io.netagent.report.PlanText;
import io.netagent.testing.FakeAgentService;
import io.netagent.testing.RunningApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the live API over its Unix socket, against a fake daemon. */
class ApiServerTest {
  private static final String ATTACH = """
      {"id": "c1", "network": "n", "namespace": "/proc/42/ns/net"}
      """;

  @TempDir
  Path dir;

  private RunningApi api;

  @BeforeEach
  void start() {
    api = new RunningApi(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static void assertError(ApiResponse r, int status, String message) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode error = r.json().get("error");
    assertThat(error.get("status").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).contains(message);
    assertThat(error.get("problems").isArray()).isTrue();
  }

  @Test
  void networksAreListedAndShownByName() {
    ApiResponse list = api.send("GET", "/networks", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode n = list.json().get(0);
    assertThat(n.get("name").asText()).isEqualTo("n");
    assertThat(n.get("bridge").asText()).isEqualTo("br0");
    assertThat(n.get("subnet").asText()).isEqualTo("10.9.0.0/24");
    assertThat(n.get("gateway").asText()).isEqualTo("10.9.0.1");
    assertThat(n.get("mtu").asInt()).isEqualTo(1500);
    assertThat(n.get("containers")).extracting(JsonNode::asText).containsExactly("a", "b");
    assertThat(n.get("state").asText()).isEqualTo("missing");

    assertThat(api.send("GET", "/networks/n", null).json().get("name").asText()).isEqualTo("n");
    assertError(api.send("GET", "/networks/other", null), 404, "no network other");
  }

  @Test
  void attachCreatesThenConfirmsAndTheAttachmentIsListed() {
    ApiResponse created = api.send("POST", "/attachments", ATTACH);
    assertThat(created.status()).isEqualTo(201);
    JsonNode a = created.json();
    assertThat(a.get("id").asText()).isEqualTo("c1");
    assertThat(a.get("name").asText()).isEqualTo("b");
    assertThat(a.get("network").asText()).isEqualTo("n");
    assertThat(a.get("namespace").asText()).isEqualTo("/proc/42/ns/net");
    assertThat(a.get("interface").asText()).isEqualTo("eth0");
    assertThat(a.get("hostInterface").asText()).isEqualTo("veth-b");
    assertThat(a.get("ip").asText()).isEqualTo("10.9.0.3");
    assertThat(a.get("mac").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    assertThat(a.get("mtu").asInt()).isEqualTo(1500);
    JsonNode port = a.get("ports").get(0);
    assertThat(port.get("host").asInt()).isEqualTo(8080);
    assertThat(port.get("container").asInt()).isEqualTo(80);
    assertThat(port.get("protocol").asText()).isEqualTo("tcp");
    assertThat(port.get("hostIp").asText()).isEqualTo("127.0.0.1");
    assertThat(a.get("ipAllocated").asBoolean()).isFalse();
    assertThat(a.get("created").asText()).isEqualTo("2026-11-25T10:00:02Z");
    assertThat(a.get("state").asText()).isEqualTo("converged");

    assertThat(api.send("POST", "/attachments", ATTACH).status()).isEqualTo(200);
    assertThat(api.send("GET", "/attachments", null).json()).extracting(n -> n.get("id").asText()).containsExactly("c1");
    assertThat(api.send("GET", "/attachments/c1", null).json().get("ip").asText()).isEqualTo("10.9.0.3");
    assertError(api.send("GET", "/attachments/c2", null), 404, "no attachment c2");
  }

  @Test
  void anInvalidAttachmentIsA400WithEveryProblem() {
    ApiResponse r = api.send("POST", "/attachments", "{\"ip\": \"10.9.0.300\"}");

    assertError(r, 400, "invalid attachment");
    assertThat(r.json().at("/error/problems")).extracting(p -> p.get("field").asText() + ": " + p.get("message").asText())
        .containsExactly("id: id is required", "ip: 10.9.0.300 is not an IPv4 address");
    assertThat(api.service.attachments()).isEmpty();
  }

  @Test
  void detachSucceedsWhetherOrNotTheAttachmentExisted() {
    api.send("POST", "/attachments", ATTACH);

    ApiResponse first = api.send("DELETE", "/attachments/c1", null);
    ApiResponse again = api.send("DELETE", "/attachments/c1", null);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("existed").asBoolean()).isTrue();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("existed").asBoolean()).isFalse();
  }

  @Test
  void planIsThePlanDocumentOrItsText() {
    String kernel = "live kernel (daemon)";
    ApiResponse json = api.send("GET", "/plan", null);
    ApiResponse text = api.send("GET", "/plan?format=text", null);

    assertThat(json.body()).isEqualTo(PlanJson.render(api.service.plan(), FakeAgentService.SOURCE, kernel) + "\n");
    // Container b's namespace, /proc/42/ns/net, is not there: a conflict.
    assertThat(api.service.plan().isBlocked()).isTrue();
    assertThat(json.header(ApiProtocol.PLAN_BLOCKED_HEADER)).hasValue("true");
    assertThat(text.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(text.body()).isEqualTo(PlanText.render(api.service.plan(), FakeAgentService.SOURCE, kernel));
    assertError(api.send("GET", "/plan?format=yaml", null), 400, "format must be json or text");
  }

  @Test
  void statusHasTheDaemonCountsAndEachObject() {
    api.send("POST", "/attachments", ATTACH);

    JsonNode status = api.send("GET", "/status", null).json();
    String text = api.send("GET", "/status?format=text", null).body();

    assertThat(status.get("configuration").asText()).isEqualTo(FakeAgentService.SOURCE);
    assertThat(status.at("/daemon/ready").asBoolean()).isTrue();
    assertThat(status.at("/daemon/pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(status.at("/daemon/lastReconcile/result").asText()).isEqualTo("converged");
    assertThat(status.get("networks").asInt()).isEqualTo(1);
    assertThat(status.get("containers").asInt()).isEqualTo(2);
    assertThat(status.get("attachments").asInt()).isEqualTo(1);
    assertThat(status.get("absent")).isEmpty();
    assertThat(status.get("objects")).extracting(o -> o.get("object").asText() + ": " + o.get("state").asText())
        .contains("network n: missing", "container a: missing", "container b: blocked");
    assertThat(text).startsWith("netagent status: " + FakeAgentService.SOURCE + " against the live kernel (the daemon's view)\n"
        + "daemon: running (pid " + ProcessHandle.current().pid() + ", ");
    assertThat(text).contains("1 network(s), 2 container(s), 1 attachment(s)\n", "container a (10.9.0.2 in namespace a)");
  }

  @Test
  void reloadTakesAnEmptyBodyOrAWindowAndConfirmAndRollbackAnswerWithTheDaemonsMessage() {
    assertThat(api.send("POST", "/reload", null).json().get("message").asText()).isEqualTo("reloaded");
    assertThat(api.send("POST", "/reload", "{}").json().get("message").asText()).isEqualTo("reloaded");
    assertThat(api.send("POST", "/reload", "{\"confirmWithin\": \"1m30s\"}").json().get("message").asText())
        .isEqualTo("reloaded within 90 s");
    assertError(api.send("POST", "/reload", "{\"confirmWithin\": \"0s\"}"), 400, "confirmWithin: '0s' is no time at all");
    assertError(api.send("POST", "/reload", "{\"confirmWithin\": 60}"), 400, "confirmWithin must be a string such as \"60s\"");
    assertError(api.send("POST", "/reload", "{\"confirm\": \"60s\"}"), 400, "the body must be {} or {\"confirmWithin\": \"60s\"}");
    assertError(api.send("POST", "/reload", "60s"), 400, "the body is not JSON");
    assertError(api.send("GET", "/reload", null), 405, "allowed: POST");
    assertError(api.send("POST", "/confirm", null), 409, "nothing to confirm: no change is waiting for confirmation");
    assertError(api.send("POST", "/rollback", null), 409, "nothing to roll back: no change is waiting for confirmation");
  }

  @Test
  void unknownPathsWrongMethodsAndLargeBodiesAreJsonErrors() {
    assertError(api.send("GET", "/nothing", null), 404, "no such resource: /nothing");
    assertError(api.send("GET", "/", null), 404, "no such resource");
    assertError(api.send("GET", "/attachments/a/b", null), 404, "no such resource");

    ApiResponse wrong = api.send("DELETE", "/networks", null);
    assertError(wrong, 405, "method DELETE is not allowed here (allowed: GET)");
    assertThat(wrong.header("Allow")).hasValue("GET");
    assertThat(api.send("PUT", "/attachments", null).header("Allow")).hasValue("GET, POST");

    assertError(api.send("POST", "/attachments", "x".repeat(ApiProtocol.MAX_BODY + 1)), 413, "larger than 64 KiB");
    assertThat(api.service.attachments()).isEmpty();
  }

  @Test
  void aCniCallOverTheLimitIsA413InTheApisErrorFormat() {
    assertError(api.send("POST", "/cni", "{\"command\": \"ADD\", \"config\": \"" + "x".repeat(ApiProtocol.MAX_BODY) + "\"}"), 413,
        "the request body is larger than 64 KiB");
  }

  @Test
  void aChunkedBodyOverTheLimitIsA413Too() throws Exception {
    // Chunked, so the server cannot refuse it by its Content-Length: it must stop reading at the limit.
    String chunk = "x".repeat(ApiProtocol.MAX_BODY);
    ApiResponse r = RawHttp.send(api.server.socket(), "POST /attachments HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n1\r\nx\r\n0\r\n\r\n");

    assertError(r, 413, "the request body is larger than 64 KiB");
    assertThat(api.service.attachments()).isEmpty();
  }

  @Test
  void aRequestJettyCannotParseGetsAJsonErrorNotAnHtmlPage() throws Exception {
    ApiResponse r = RawHttp.send(api.server.socket(), "GET /networks HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/status").asInt()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("<html");
  }

  @Test
  void anUnexpectedFailureIsA500WithOneLine() {
    api.service.answerWith(() -> CompletableFuture.failedFuture(new IllegalStateException("boom\nsecond line")));

    ApiResponse r = api.send("GET", "/status", null);

    assertError(r, 500, "internal error: java.lang.IllegalStateException: boom");
    assertThat(r.json().at("/error/message").asText()).doesNotContain("second line", "\tat ");
  }

  @Test
  void aRejectionCarriesItsKindsStatus() {
    api.service.answerWith(() -> CompletableFuture.failedFuture(new RequestRejectedException(Kind.CONFLICT, "id c1 is taken", List.of())));

    assertError(api.send("POST", "/attachments", ATTACH), 409, "id c1 is taken");
  }

  @Test
  void aDaemonThatDoesNotAnswerInTimeGivesA504() {
    try (ApiServer slow = ApiServer.start(dir.resolve("slow/netagent.sock"), api.service, Optional.empty(), new Metrics(), Optional.empty(),
        Duration.ofMillis(200))) {
      CompletableFuture<Object> never = new CompletableFuture<>();
      api.service.answerWith(() -> never);

      ApiResponse r = new ApiClient(slow.socket()).exchange("DELETE", "/attachments/c1", null);

      assertError(r, 504, "the daemon did not answer within");
      assertThat(never).isNotDone();
    }
  }

  @Test
  void theClientTurnsAnErrorIntoItsMessageAndProblems() {
    assertThatThrownBy(() -> api.client.call("POST", "/attachments", "{\"ip\": \"10.9.0.300\"}"))
        .isInstanceOfSatisfying(ApiRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage("invalid attachment\nid: id is required\nip: 10.9.0.300 is not an IPv4 address");
  }
}
