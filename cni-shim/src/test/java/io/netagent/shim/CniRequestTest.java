package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The body of POST /cni, as the daemon (and its DEL spool) reads it. */
class CniRequestTest {
  @TempDir
  Path dir;

  @Test
  void theBodyEscapesEnvironmentValuesAndEmbedsTheConfigurationAsItCame() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(200, "{}")) {
      String config = "{ \"cniVersion\" : \"1.0.0\",\n  \"name\": \"n\", \"socket\": " + Json.quote(daemon.socket().toString())
          + ", \"prevResult\": {\"ips\": [ ], \"é\": \"\\u00e9\\ud800\"} }";
      Map<String, String> env = new HashMap<>();
      env.put("CNI_COMMAND", "CHECK");
      env.put("CNI_CONTAINERID", "id\"with\\quotes");
      env.put("CNI_ARGS", "a=1;b=\t\u0007");

      ShimRun run = ShimRun.under(ShimRun.withVariable("CNI_NETNS", "/run/netns/é".getBytes(StandardCharsets.UTF_8)), env,
          (" \r\n\t" + config + "\n\n").getBytes(StandardCharsets.UTF_8));

      assertThat(run.exit()).as("%s", run).isZero();
      String request = daemon.request();
      assertThat(request.substring(request.indexOf("\r\n\r\n") + 4)).isEqualTo("{\"command\":\"CHECK\",\"containerId\":\"id\\\"with\\\\quotes\","
          + "\"netns\":\"/run/netns/é\",\"ifname\":null,\"args\":\"a=1;b=\\t\\u0007\",\"path\":null,\"config\":" + config + "}");
    }
  }

  @Test
  void everyCommandButVersionIsForwarded() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(200, "")) {
      for (String command : new String[] {"ADD", "DEL", "CHECK", "STATUS", "GC"}) {
        ShimRun run = ShimRun.run(Map.of("CNI_COMMAND", command), "{\"cniVersion\":\"1.1.0\",\"socket\":" + Json.quote(daemon.socket().toString()) + "}");

        assertThat(run.exit()).isZero();
        assertThat(daemon.request()).endsWith("\r\n\r\n{\"command\":\"" + command + "\",\"containerId\":null,\"netns\":null,\"ifname\":null,"
            + "\"args\":null,\"path\":null,\"config\":{\"cniVersion\":\"1.1.0\",\"socket\":" + Json.quote(daemon.socket().toString()) + "}}");
      }
    }
  }
}
