package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimTest {
  @TempDir
  Path dir;

  private static Map<String, String> env(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", "c0ffee");
    env.put("CNI_NETNS", "/run/netns/test");
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", "/opt/cni/bin:/usr/lib/cni");
    return env;
  }

  private String config(Path socket) {
    return "{\"cniVersion\": \"1.0.0\", \"name\": \"net1\", \"type\": \"netagent\", \"socket\": " + Json.quote(socket.toString())
        + ", \"dataDir\": " + Json.quote(dir.resolve("data").toString()) + "}";
  }

  @Test
  void versionAnswersWithTheRequestedVersionWithoutADaemon() {
    ShimRun run = ShimRun.run(Map.of("CNI_COMMAND", "VERSION", "CNI_CONTAINERID", "dummy"), "{\"cniVersion\":\"1.0.0\"}");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionWithoutAVersionAnswersTheLatest() {
    assertThat(ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), "").out())
        .isEqualTo("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");
    assertThat(ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), "{}").out()).startsWith("{\"cniVersion\":\"1.1.0\",");
  }

  @Test
  void stdinThatIsNotAJsonObjectIsCode6() {
    for (String stdin : new String[] {"", "not json", "[1, 2]", "{\"cniVersion\": \"1.0.0\"", "{\"a\": 1} trailing"}) {
      ShimRun run = ShimRun.run(env("ADD"), stdin);

      assertThat(run.exit()).as(stdin).isEqualTo(1);
      assertThat(run.out()).as(stdin).startsWith("{\"cniVersion\":\"1.1.0\",\"code\":6,\"msg\":\"the network configuration on stdin is not a JSON object\"");
    }
  }

  @Test
  void aMissingOrUnknownCommandIsCode4WithTheRequestsVersion() {
    Map<String, String> none = env("ADD");
    none.remove("CNI_COMMAND");

    ShimRun missing = ShimRun.run(none, "{\"cniVersion\": \"1.0.0\"}");
    ShimRun unknown = ShimRun.run(env("ATTACH"), "{\"cniVersion\": \"0.4.0\"}");

    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).isEqualTo(
        "{\"cniVersion\":\"1.0.0\",\"code\":4,\"msg\":\"CNI_COMMAND is not set (expected ADD, DEL, CHECK, STATUS, GC or VERSION)\"}\n");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.out()).startsWith("{\"cniVersion\":\"0.4.0\",\"code\":4,\"msg\":\"unknown CNI_COMMAND \\\"ATTACH\\\"");
  }

  @Test
  void anUnsupportedOrMissingVersionIsCode1() {
    ShimRun old = ShimRun.run(env("ADD"), "{\"cniVersion\": \"0.3.1\", \"name\": \"n\"}");
    ShimRun none = ShimRun.run(env("ADD"), "{\"name\": \"n\"}");

    assertThat(old.exit()).isEqualTo(1);
    assertThat(old.out()).isEqualTo("{\"cniVersion\":\"0.3.1\",\"code\":1,\"msg\":\"CNI version 0.3.1 is not supported by netagent"
        + " (supported: 0.4.0, 1.0.0, 1.1.0)\"}\n");
    assertThat(none.out()).startsWith("{\"cniVersion\":\"1.1.0\",\"code\":1,\"msg\":\"the network configuration names no cniVersion");
  }

  @Test
  void withoutADaemonAddCheckAndGcAreCode11AndStatusIsCode50() {
    Path socket = dir.resolve("absent.sock");
    for (String command : new String[] {"ADD", "CHECK", "GC"}) {
      ShimRun run = ShimRun.run(env(command), config(socket));

      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.out()).as(command).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"the netagent daemon is not running (no socket at "
          + socket + ")\"}\n");
    }
    ShimRun status = ShimRun.run(env("STATUS"), config(socket));
    assertThat(status.exit()).isEqualTo(1);
    assertThat(status.out()).startsWith("{\"cniVersion\":\"1.0.0\",\"code\":50,\"msg\":\"the netagent daemon is not running");
  }

  @Test
  void aSocketNobodyListensOnCountsAsNoDaemon() throws Exception {
    Path socket = dir.resolve("stale.sock");
    new StubDaemon(socket).close(); // the socket file stays; connecting to it is refused

    ShimRun run = ShimRun.run(env("ADD"), config(socket));

    assertThat(run.out()).contains("\"code\":11,");
  }

  @Test
  void forwardsAnAddAndPrintsTheDaemonsAnswer() throws Exception {
    String result = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\"}],\"ips\":[{\"address\":\"10.88.0.2/16\"}]}";
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(200, result)) {
      Map<String, String> env = env("ADD");
      env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=\"web\"\n");
      String config = config(daemon.socket());

      ShimRun run = ShimRun.run(env, config + "\n");

      assertThat(run.exit()).isZero();
      assertThat(run.out()).isEqualTo(result);
      assertThat(run.err()).isEmpty();
      String request = daemon.request();
      assertThat(request).startsWith("POST /cni HTTP/1.1\r\n").contains("\r\nContent-Type: application/json\r\n");
      assertThat(request.substring(request.indexOf("\r\n\r\n") + 4)).isEqualTo("{\"command\":\"ADD\",\"containerId\":\"c0ffee\","
          + "\"netns\":\"/run/netns/test\",\"ifname\":\"eth0\",\"args\":\"IgnoreUnknown=1;K8S_POD_NAME=\\\"web\\\"\\n\","
          + "\"path\":\"/opt/cni/bin:/usr/lib/cni\",\"config\":" + config + "}");
    }
  }

  @Test
  void anEmptySuccessPrintsNothing() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(200, "")) {
      ShimRun run = ShimRun.run(env("DEL"), config(daemon.socket()));

      assertThat(run.exit()).isZero();
      assertThat(run.out()).isEmpty();
      assertThat(daemon.request()).contains("\"command\":\"DEL\"");
    }
  }

  @Test
  void aChunkedAnswerIsPrintedWhole() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock"))
        .answerRaw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n")) {
      ShimRun run = ShimRun.run(env("CHECK"), config(daemon.socket()));

      assertThat(run.exit()).isZero();
      assertThat(run.out()).isEqualTo("{\"a\":1}");
    }
  }

  @Test
  void aCniErrorFromTheDaemonIsPrintedAsItCameWithExit1() throws Exception {
    String error = "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"no network \\\"net1\\\" in netagent's configuration\",\"details\":\"\"}";
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(400, error)) {
      ShimRun run = ShimRun.run(env("ADD"), config(daemon.socket()));

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).isEqualTo(error);
    }
  }

  @Test
  void anErrorStatusWithoutACniErrorIsCode5WithTheStatusAndBody() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(500, "{\"error\": {\"status\": 500}}")) {
      ShimRun run = ShimRun.run(env("ADD"), config(daemon.socket()));

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon answered HTTP 500 without a CNI error\","
          + "\"details\":\"HTTP 500: {\\\"error\\\": {\\\"status\\\": 500}}\"}\n");
    }
  }

  @Test
  void anAnswerThatIsNotHttpIsCode5() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answerRaw("SSH-2.0-OpenSSH\r\n")) {
      ShimRun run = ShimRun.run(env("ADD"), config(daemon.socket()));

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).contains("\"code\":5,\"msg\":\"the netagent daemon at ");
    }
  }

  @Test
  void noAnswerInTimeIsCode11() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answerRaw(null)) {
      ShimRun run = ShimRun.run(env("ADD"), config(daemon.socket()), Duration.ofMillis(300));

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"the netagent daemon at " + daemon.socket()
          + " did not answer within 300 ms\"}\n");
    }
  }

  @Test
  void theSocketDefaultsToTheDaemonsAndMustBeAPath() {
    ShimRun wrong = ShimRun.run(env("ADD"), "{\"cniVersion\": \"1.0.0\", \"socket\": 42}");

    assertThat(wrong.out()).startsWith("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"the network configuration's \\\"socket\\\" must be a path\"");
    assertThat(new CniRequest("ADD", Map.of(), "{}", JsonReader.object("{}")).socket()).isEqualTo("/run/netagent/netagent.sock");
    assertThat(new CniRequest("ADD", Map.of(), "{}", JsonReader.object("{}")).dataDir()).isEqualTo("/var/lib/netagent");
  }
}
