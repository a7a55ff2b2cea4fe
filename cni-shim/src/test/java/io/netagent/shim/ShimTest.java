package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim as a runtime runs it: each command, each error it finds itself, and the daemon's answers passed on. */
class ShimTest {
  static final String SUPPORTED = "\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n";

  @TempDir
  Path dir;

  static Map<String, String> env(String command) {
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
    assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\"," + SUPPORTED);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionWithoutAVersionAnswersTheLatestAndAnUnsupportedOneIsEchoed() {
    for (String stdin : new String[] {"", " \n\t", "\u000b\u001c\u3000", "{}", "{\"cniVersion\": 1}"}) {
      ShimRun run = ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), stdin);
      assertThat(run.exit()).as(stdin).isZero();
      assertThat(run.out()).as(stdin).isEqualTo("{\"cniVersion\":\"1.1.0\"," + SUPPORTED);
    }
    // The runtime reads the answer in the terms of the version it gave, supported or not.
    assertThat(ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"0.3.1\"}").out()).isEqualTo("{\"cniVersion\":\"0.3.1\"," + SUPPORTED);
    // A no-break space is not blank to Java's isBlank: VERSION then needs a configuration.
    assertThat(ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), "\u00a0").out()).contains("\"code\":6,");
  }

  @Test
  void stdinThatIsNotAJsonObjectIsCode6() {
    for (String stdin : new String[] {"", "not json", "[1, 2]", "{\"cniVersion\": \"1.0.0\"", "{\"a\": 1} trailing"}) {
      ShimRun run = ShimRun.run(env("ADD"), stdin);

      assertThat(run.exit()).as(stdin).isEqualTo(1);
      assertThat(run.out()).as(stdin).startsWith("{\"cniVersion\":\"1.1.0\",\"code\":6,\"msg\":\"the network configuration on stdin is not a JSON object\"");
      assertThat(run.err()).isEmpty();
    }
  }

  @Test
  void stdinLargerThanOneMebibyteIsCode6AndNotReadFurther() {
    byte[] huge = new byte[8 * 1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';

    for (String command : new String[] {"ADD", "VERSION"}) {
      ShimRun run = ShimRun.run(env(command), huge);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.1.0\",\"code\":6,\"msg\":\"the network configuration on stdin is larger than 1 MiB\"}\n");
    }
    byte[] justSo = Arrays.copyOf(huge, 1024 * 1024);
    justSo[justSo.length - 1] = '}';
    assertThat(ShimRun.run(env("VERSION"), justSo).out()).isEqualTo("{\"cniVersion\":\"1.1.0\"," + SUPPORTED);
  }

  @Test
  void aMissingOrUnknownCommandIsCode4WithTheRequestsVersion() {
    Map<String, String> none = env("ADD");
    none.remove("CNI_COMMAND");

    ShimRun missing = ShimRun.run(none, "{\"cniVersion\": \"1.0.0\"}");
    ShimRun empty = ShimRun.run(env(""), "{\"cniVersion\": \"1.0.0\"}");
    ShimRun unknown = ShimRun.run(env("ATTACH"), "{\"cniVersion\": \"0.4.0\"}");
    ShimRun quoted = ShimRun.run(env("a\"b\\c\t"), "not even JSON");

    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).isEqualTo(
        "{\"cniVersion\":\"1.0.0\",\"code\":4,\"msg\":\"CNI_COMMAND is not set (expected ADD, DEL, CHECK, STATUS, GC or VERSION)\"}\n");
    assertThat(empty.out()).isEqualTo(missing.out());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.out()).isEqualTo("{\"cniVersion\":\"0.4.0\",\"code\":4,\"msg\":\"unknown CNI_COMMAND \\\"ATTACH\\\""
        + " (expected ADD, DEL, CHECK, STATUS, GC or VERSION)\"}\n");
    // The command error comes first, even before an undecodable configuration.
    assertThat(quoted.out()).isEqualTo("{\"cniVersion\":\"1.1.0\",\"code\":4,\"msg\":\"unknown CNI_COMMAND \\\"a\\\\\\\"b\\\\\\\\c\\\\t\\\""
        + " (expected ADD, DEL, CHECK, STATUS, GC or VERSION)\"}\n");
  }

  @Test
  void anUnsupportedOrMissingVersionIsCode1() {
    ShimRun old = ShimRun.run(env("ADD"), "{\"cniVersion\": \"0.3.1\", \"name\": \"n\"}");
    ShimRun none = ShimRun.run(env("ADD"), "{\"name\": \"n\"}");
    ShimRun number = ShimRun.run(env("ADD"), "{\"cniVersion\": 1.0, \"name\": \"n\"}");
    ShimRun nul = ShimRun.run(env("ADD"), "{\"cniVersion\": \"1.0.0\\u0000\"}");

    assertThat(old.exit()).isEqualTo(1);
    assertThat(old.out()).isEqualTo("{\"cniVersion\":\"0.3.1\",\"code\":1,\"msg\":\"CNI version 0.3.1 is not supported by netagent"
        + " (supported: 0.4.0, 1.0.0, 1.1.0)\"}\n");
    assertThat(none.out()).isEqualTo("{\"cniVersion\":\"1.1.0\",\"code\":1,\"msg\":\"the network configuration names no cniVersion"
        + " (supported: 0.4.0, 1.0.0, 1.1.0)\"}\n");
    assertThat(number.out()).isEqualTo("{\"cniVersion\":\"1.1.0\",\"code\":1,\"msg\":\"the network configuration's cniVersion must be a string"
        + " (supported: 0.4.0, 1.0.0, 1.1.0)\"}\n");
    assertThat(nul.out()).isEqualTo("{\"cniVersion\":\"1.0.0\\u0000\",\"code\":1,\"msg\":\"CNI version 1.0.0\\u0000 is not supported by netagent"
        + " (supported: 0.4.0, 1.0.0, 1.1.0)\"}\n");
  }

  @Test
  void withoutADaemonAddCheckAndGcAreCode11AndStatusIsCode50() {
    Path socket = dir.resolve("absent.sock");
    for (String command : new String[] {"ADD", "CHECK", "GC"}) {
      ShimRun run = ShimRun.run(env(command), config(socket));

      assertThat(run.exit()).as(command).isEqualTo(1);
      assertThat(run.out()).as(command).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"the netagent daemon is not running (no socket at "
          + socket + ")\"}\n");
      assertThat(run.err()).isEmpty();
    }
    ShimRun status = ShimRun.run(env("STATUS"), config(socket));
    assertThat(status.exit()).isEqualTo(1);
    assertThat(status.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":50,\"msg\":\"the netagent daemon is not running (no socket at "
        + socket + ")\"}\n");
  }

  @Test
  void aSocketNobodyListensOnCountsAsNoDaemon() throws Exception {
    Path socket = dir.resolve("stale.sock");
    new StubDaemon(socket).close(); // the socket file stays; connecting to it is refused

    ShimRun run = ShimRun.run(env("ADD"), config(socket));

    assertThat(Files.exists(socket)).isTrue();
    assertThat(run.out()).contains("\"code\":11,\"msg\":\"the netagent daemon is not running (no socket at " + socket + ")\"");
  }

  @Test
  void aSocketPathThatCannotBeReachedIsCode5NamingWhy() throws Exception {
    Files.writeString(dir.resolve("file"), "not a directory");
    Path socket = dir.resolve("file/daemon.sock");

    ShimRun run = ShimRun.run(env("ADD"), config(socket));

    assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the connection to the netagent daemon at " + socket
        + " failed\",\"details\":\"Not a directory\"}\n");
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
      String body = "{\"command\":\"ADD\",\"containerId\":\"c0ffee\","
          + "\"netns\":\"/run/netns/test\",\"ifname\":\"eth0\",\"args\":\"IgnoreUnknown=1;K8S_POD_NAME=\\\"web\\\"\\n\","
          + "\"path\":\"/opt/cni/bin:/usr/lib/cni\",\"config\":" + config + "}";
      assertThat(request).isEqualTo("POST /cni HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
          + "Accept: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }
  }

  @Test
  void anEmptySuccessPrintsNothing() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(200, "")) {
      ShimRun run = ShimRun.run(env("DEL"), config(daemon.socket()));

      assertThat(run.exit()).isZero();
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEmpty();
      assertThat(daemon.request()).contains("\"command\":\"DEL\"");
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
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock"))) {
      for (String body : new String[] {"{\"error\": {\"status\": 500}}", "{\"code\": \"7\", \"msg\": \"m\"}", "{\"code\": 7}", "{\"code\":7,\"msg\":\"m\"} x"}) {
        daemon.answer(500, "\n " + body + "\t\n");
        ShimRun run = ShimRun.run(env("ADD"), config(daemon.socket()));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon answered HTTP 500 without a CNI error\","
            + "\"details\":" + Json.quote("HTTP 500: " + body) + "}\n");
      }
    }
  }

  @Test
  void aLongErrorBodyIsCutAfter4096Characters() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock"))) {
      String body = "é".repeat(5000);
      daemon.answer(502, body);
      assertThat(ShimRun.run(env("ADD"), config(daemon.socket())).out()).contains("\"details\":\"HTTP 502: " + "é".repeat(4096) + "...\"}\n");
      // Java cut in UTF-16 units: a pair split at the limit left its high half, printed as '?'.
      daemon.answer(502, "a".repeat(4095) + "😀zz");
      assertThat(ShimRun.run(env("ADD"), config(daemon.socket())).out()).contains("\"details\":\"HTTP 502: " + "a".repeat(4095) + "?...\"}\n");
      daemon.answer(502, "a".repeat(4094) + "😀");
      assertThat(ShimRun.run(env("ADD"), config(daemon.socket())).out()).contains("\"details\":\"HTTP 502: " + "a".repeat(4094) + "😀\"}\n");
    }
  }

  @Test
  void theSocketMustBeAPath() {
    for (String socket : new String[] {"42", "\"\"", "null", "\"a\\u0000b\"", "[]"}) {
      ShimRun run = ShimRun.run(env("ADD"), "{\"cniVersion\": \"1.0.0\", \"socket\": " + socket + "}");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).as(socket).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"the network configuration's \\\"socket\\\" must be a path\"}\n");
    }
    // An unpaired surrogate: Java kept it in its String and refused it as a path, printing '?'.
    ShimRun lone = ShimRun.run(env("ADD"), "{\"cniVersion\": \"1.0.0\", \"socket\": \"/run/x\\ud800.sock\"}");
    assertThat(lone.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"the network configuration's \\\"socket\\\" is not a path: /run/x?.sock\"}\n");
  }

  @Test
  void theSocketAndDataDirectoryDefaultToTheDaemonsOwn() {
    // In a mount namespace of its own with empty /run and /var/lib, so that neither a daemon
    // on this machine nor its data directory is touched.
    List<String> isolated = List.of("unshare", "--mount", "--map-root-user", "sh", "-c",
        "mount -t tmpfs none /run && mount -t tmpfs none /var/lib && exec \"$0\"");
    String config = "{\"cniVersion\": \"1.0.0\", \"name\": \"n\"}";

    ShimRun status = ShimRun.under(isolated, env("STATUS"), config.getBytes(StandardCharsets.UTF_8));
    ShimRun del = ShimRun.under(isolated, env("DEL"), config.getBytes(StandardCharsets.UTF_8));

    assertThat(status.out()).as("%s", status).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":50,\"msg\":\"the netagent daemon is not running"
        + " (no socket at /run/netagent/netagent.sock)\"}\n");
    assertThat(del.exit()).as("%s", del).isZero();
    assertThat(del.err()).isEqualTo("netagent-cni: the netagent daemon is not running (no socket at /run/netagent/netagent.sock); the DEL is recorded in"
        + " /var/lib/netagent/cni-del/" + Json.sha256("[\"n\",\"c0ffee\",\"eth0\"]") + ".json for it to do when it starts\n");
  }

  @Test
  void aTimeoutForTestsMustBeANumberOfMilliseconds() {
    Map<String, String> env = env("ADD");
    for (String value : new String[] {"", "0", "-5", "1e3", " 5", "300001", "99999999999999999999"}) {
      env.put("NETAGENT_CNI_TIMEOUT_MS", value);
      assertThat(ShimRun.run(env, config(dir.resolve("absent.sock"))).out()).as(value).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":4,"
          + "\"msg\":\"NETAGENT_CNI_TIMEOUT_MS must be a number of milliseconds from 1 to 300000 (a setting for tests)\"}\n");
    }
  }
}
