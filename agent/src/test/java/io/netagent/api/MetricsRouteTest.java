package io.netagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.metrics.Metrics;
import io.netagent.testing.FakeAgentService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on the API socket and on the metrics-only loopback listener. */
class MetricsRouteTest {
  @TempDir
  Path dir;

  private final FakeAgentService service = new FakeAgentService();
  private final Metrics metrics = new Metrics();

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static HttpResponse<String> get(int port, String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theSocketServesMetricsAndCountsEachRequestByVerbAndOutcome() throws Exception {
    try (ApiServer server = ApiServer.start(ApiSocket.path(dir), service, Optional.empty(), metrics, Optional.empty())) {
      ApiClient client = new ApiClient(server.socket());
      client.exchange("GET", "/networks", null);
      client.exchange("GET", "/networks/none", null);
      client.exchange("POST", "/metrics", null);

      ApiResponse scrape = client.exchange("GET", "/metrics", null);

      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.header("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(scrape.body()).contains("netagent_api_requests_total{outcome=\"ok\",verb=\"list-networks\"} 1.0\n",
          "netagent_api_requests_total{outcome=\"rejected\",verb=\"get-network\"} 1.0\n",
          "netagent_api_requests_total{outcome=\"rejected\",verb=\"other\"} 1.0\n",
          "netagent_published_port_packets_total{container=\"a\",family=\"ipv4\",host_ip=\"0.0.0.0\",host_port=\"8080\",network=\"n\","
              + "protocol=\"tcp\"} 3.0\n");
      assertThat(client.exchange("GET", "/metrics", null).body()).contains("netagent_api_requests_total{outcome=\"ok\",verb=\"metrics\"} 1.0\n");
      assertThat(RawHttp.send(server.socket(), "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: application/openmetrics-text; version=1.0.0\r\n"
          + "Connection: close\r\n\r\n").body()).endsWith("# EOF\n");
    }
  }

  @Test
  void theLoopbackListenerServesOnlyMetricsInEitherFormat() throws Exception {
    int port = freePort();
    try (ApiServer server = ApiServer.start(ApiSocket.path(dir), service, Optional.empty(), metrics,
        Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))) {
      HttpResponse<String> text = get(port, "/metrics", null);
      HttpResponse<String> open = get(port, "/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
      HttpResponse<String> other = get(port, "/attachments", null);

      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.body()).contains("netagent_published_port_bytes_total{");
      assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
      assertThat(open.body()).endsWith("# EOF\n");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).contains("this listener serves only /metrics");
      assertThat(new ApiClient(server.socket()).exchange("GET", "/attachments", null).status()).as("the socket serves everything").isEqualTo(200);
    }
  }

  @Test
  void aPortInUseIsNamedAndTheSocketIsNotLeftBehind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

      assertThatThrownBy(() -> ApiServer.start(ApiSocket.path(dir), service, Optional.empty(), metrics, Optional.of(address)))
          .isInstanceOf(ApiStartException.class)
          .hasMessage("cannot listen for metrics on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
      assertThat(ApiSocket.path(dir)).doesNotExist();
    }
  }
}
