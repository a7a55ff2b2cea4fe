package io.netagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's failures in the user's words, and its reading of HTTP responses. */
class ApiClientTest {
  @TempDir
  Path dir;

  @Test
  void noSocketMeansNoDaemon() {
    Path socket = dir.resolve("netagent.sock");
    assertThatThrownBy(() -> new ApiClient(socket).exchange("GET", "/status", null)).isInstanceOf(DaemonNotRunningException.class)
        .hasMessage("the netagent daemon is not running (no socket at " + socket + ")");
  }

  @Test
  void aSocketNobodyListensOnMeansNoDaemon() throws Exception {
    Path socket = dir.resolve("netagent.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThatThrownBy(() -> new ApiClient(socket).exchange("GET", "/status", null)).isInstanceOf(DaemonNotRunningException.class);
  }

  @Test
  void permissionDeniedNamesWhoTheSocketIsFor() throws Exception {
    Path socket = dir.resolve("netagent.sock");
    try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      listening.bind(UnixDomainSocketAddress.of(socket));
      // The JDK reports EACCES on connect as a BindException with this message (root never gets it, so it is made here).
      RuntimeException e = new ApiClient(socket).unreachable(new BindException("Permission denied"));
      assertThat(e).isInstanceOf(ApiAccessDeniedException.class).hasMessageStartingWith("cannot connect to " + socket + ": permission denied");
    }
  }

  @Test
  void responsesFramedByLengthByChunksOrByTheEndAreRead() {
    ApiResponse length = parse("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    ApiResponse chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
    ApiResponse toTheEnd = parse("HTTP/1.1 200 OK\r\n\r\nhello");

    assertThat(length.status()).isEqualTo(201);
    assertThat(length.header("content-type")).hasValue("application/json");
    assertThat(length.body()).isEqualTo("{}");
    assertThat(chunked.json().get("a").asInt()).isEqualTo(1);
    assertThat(toTheEnd.body()).isEqualTo("hello");
  }

  @Test
  void aCutOffOrNonHttpAnswerIsAProtocolError() {
    assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")).isInstanceOf(ApiProtocolException.class)
        .hasMessageContaining("cut off (3 of 10 bytes)");
    assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(ApiProtocolException.class).hasMessageContaining("not HTTP");
    assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-")).isInstanceOf(ApiProtocolException.class);
  }

  @Test
  void idsAreEncodedAsOnePathSegment() {
    assertThat(ApiClient.segment("abc-123_x.y~z")).isEqualTo("abc-123_x.y~z");
    assertThat(ApiClient.segment("a/b c?é")).isEqualTo("a%2Fb%20c%3F%C3%A9");
  }

  private static ApiResponse parse(String text) {
    return ResponseParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
