package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseTest {
  private static HttpResponse parse(String text) {
    return HttpResponse.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheBodyByContentLengthByChunksOrToTheEnd() {
    HttpResponse sized = parse("HTTP/1.1 201 Created\r\nServer: x\r\ncontent-length: 2\r\n\r\n{}ignored");
    HttpResponse chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n");
    HttpResponse closed = parse("HTTP/1.0 404 Not Found\r\n\r\n{\"x\":1}");
    HttpResponse headOnly = parse("HTTP/1.1 204 No Content\r\n\r\n");

    assertThat(sized.status()).isEqualTo(201);
    assertThat(sized.bodyText()).isEqualTo("{}");
    assertThat(chunked.bodyText()).isEqualTo("{\"a\":1}");
    assertThat(closed.status()).isEqualTo(404);
    assertThat(closed.bodyText()).isEqualTo("{\"x\":1}");
    assertThat(headOnly.body()).isEmpty();
  }

  @Test
  void refusesWhatIsNotAWholeHttpResponse() {
    for (String bad : new String[] {"", "HTTP/1.1 200 OK\r\n", "SSH-2.0\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{}"}) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
