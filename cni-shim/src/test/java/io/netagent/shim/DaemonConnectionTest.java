package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange with the daemon when it goes wrong: hung up, silent, or answering too much. */
class DaemonConnectionTest {
  @TempDir
  Path dir;

  private String config(StubDaemon daemon) {
    return "{\"cniVersion\":\"1.0.0\",\"socket\":" + Json.quote(daemon.socket().toString()) + "}";
  }

  @Test
  void aDaemonThatHangsUpIsCode5() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).hangUp()) {
      // A body large enough that the daemon is gone before it is all sent.
      String big = "{\"cniVersion\":\"1.0.0\",\"socket\":" + Json.quote(daemon.socket().toString()) + ",\"x\":\"" + "x".repeat(900_000) + "\"}";
      for (String stdin : new String[] {config(daemon), big}) {
        ShimRun run = ShimRun.run(ShimTest.env("ADD"), stdin);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).as("%s", run).matches("\\{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon at " + daemon.socket()
            + " gave an answer that is not HTTP\",\"details\":\"the answer ended inside its headers \\(0 bytes\\)\"}\n"
            + "|\\{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the connection to the netagent daemon at " + daemon.socket()
            + " failed\",\"details\":\"(Broken pipe|Connection reset by peer)\"}\n");
      }
    }
  }

  @Test
  void noAnswerInTimeIsCode11() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answerRaw(null)) {
      Map<String, String> env = ShimTest.env("ADD");
      env.put("NETAGENT_CNI_TIMEOUT_MS", "300");

      long start = System.nanoTime();
      ShimRun run = ShimRun.run(env, config(daemon));
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"the netagent daemon at " + daemon.socket()
          + " did not answer within 300 ms\"}\n");
      assertThat(millis).as("waited about the timeout").isBetween(300L, 10_000L);
      assertThat(daemon.request()).contains("\"command\":\"ADD\"");

      env.put("NETAGENT_CNI_TIMEOUT_MS", "1000");
      assertThat(ShimRun.run(env, config(daemon)).out()).endsWith(" did not answer within 1 s\"}\n");
    }
  }

  @Test
  void anAnswerLargerThan16MebibytesIsCode5() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock"))) {
      byte[] head = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] answer = Arrays.copyOf(head, 16 * 1024 * 1024 + 1);
      Arrays.fill(answer, head.length, answer.length, (byte) 'x');
      daemon.answerBytes(answer);

      ShimRun run = ShimRun.run(ShimTest.env("ADD"), config(daemon));

      assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon's answer is larger than 16 MiB\"}\n");

      daemon.answerBytes(Arrays.copyOf(answer, 16 * 1024 * 1024));
      ShimRun justSo = ShimRun.run(ShimTest.env("ADD"), config(daemon));
      assertThat(justSo.exit()).isZero();
      assertThat(justSo.stdout()).hasSize(16 * 1024 * 1024 - head.length);
    }
  }
}
