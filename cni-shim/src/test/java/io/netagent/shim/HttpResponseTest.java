package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's answer read as the Java shim's HttpResponse read it: framed by Content-Length, by chunks, or by the end. */
class HttpResponseTest {
  @TempDir
  Path dir;

  private StubDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new StubDaemon(dir.resolve("d.sock"));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private ShimRun answeredWith(String raw) {
    daemon.answerRaw(raw);
    return ShimRun.run(ShimTest.env("ADD"), "{\"cniVersion\":\"1.0.0\",\"socket\":" + Json.quote(daemon.socket().toString()) + "}");
  }

  @Test
  void readsTheBodyByContentLengthByChunksOrToTheEnd() {
    ShimRun sized = answeredWith("HTTP/1.1 201 Created\r\nServer: x\r\ncontent-length: 2\r\n\r\n{}ignored");
    ShimRun chunked = answeredWith("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n");
    ShimRun chunkedMixed = answeredWith("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: gzip, Chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\nTrailer: x\r\n\r\n");
    ShimRun closed = answeredWith("HTTP/1.0 404 Not Found\r\n\r\n{\"x\":1}");
    ShimRun headOnly = answeredWith("HTTP/1.1 204 No Content\r\n\r\n");

    assertThat(sized.exit()).isZero();
    assertThat(sized.out()).isEqualTo("{}");
    assertThat(chunked.out()).isEqualTo("{\"a\":1}");
    assertThat(chunkedMixed.out()).isEqualTo("{\"a\":1}");
    assertThat(closed.exit()).isEqualTo(1);
    assertThat(closed.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon answered HTTP 404 without a CNI error\","
        + "\"details\":\"HTTP 404: {\\\"x\\\":1}\"}\n");
    assertThat(headOnly.exit()).isZero();
    assertThat(headOnly.stdout()).isEmpty();
  }

  @Test
  void refusesWhatIsNotAWholeHttpResponseAsCode5SayingWhy() {
    Map<String, String> bad = Map.ofEntries(Map.entry("", "the answer ended inside its headers (0 bytes)"),
        Map.entry("HTTP/1.1 200 OK\r\n", "the answer ended inside its headers (17 bytes)"),
        Map.entry("SSH-2.0\r\n\r\n", "the answer is not HTTP/1.1: SSH-2.0"),
        Map.entry("HTTP/1.1 2x0 OK\r\n\r\n", "bad status: 2x0"),
        Map.entry("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}", "the answer was cut off (2 of 5 bytes)"),
        Map.entry("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length: -1"),
        Map.entry("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", "bad Content-Length: 99999999999"),
        Map.entry("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size: zz"),
        Map.entry("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{}", "the answer was cut off inside a chunk"),
        Map.entry("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n{}", "the answer was cut off inside a chunk"),
        Map.entry("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}", "the answer was cut off inside a chunk header"),
        Map.entry("HTTP/1.1\u00e9200 OK\r\n\r\n", "the answer is not HTTP/1.1: HTTP/1.1Ã©200 OK"));
    bad.forEach((answer, why) -> {
      ShimRun run = answeredWith(answer);

      assertThat(run.exit()).as(answer).isEqualTo(1);
      assertThat(run.out()).as(answer).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon at " + daemon.socket()
          + " gave an answer that is not HTTP\",\"details\":\"" + why + "\"}\n");
    });
  }
}
