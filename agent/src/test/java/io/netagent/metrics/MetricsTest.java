package io.netagent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the registry records and how a scrape writes it, in both text formats. */
class MetricsTest {
  private static final List<PortCount> PORTS = List.of(new PortCount("web", "nginx", "tcp", "ipv4", "0.0.0.0", 8080, 12, 1500),
      new PortCount("web", "dns", "udp", "ipv6", "2001:db8::1", 5353, 5, 640));

  @Test
  void reconcilesAreCountedAndTimedByTrigger() {
    Metrics metrics = new Metrics();
    metrics.reconciled("event", true, Duration.ofMillis(30));
    metrics.reconciled("event", true, Duration.ofMillis(70));
    metrics.reconciled("retry", false, Duration.ofSeconds(2));

    String text = metrics.scrape(List.of(), null).body();

    assertThat(text).contains("netagent_reconcile_total{result=\"converged\",trigger=\"event\"} 2.0\n",
        "netagent_reconcile_total{result=\"failed\",trigger=\"retry\"} 1.0\n",
        "netagent_reconcile_duration_seconds_bucket{trigger=\"event\",le=\"0.05\"} 1\n",
        "netagent_reconcile_duration_seconds_bucket{trigger=\"event\",le=\"0.1\"} 2\n",
        "netagent_reconcile_duration_seconds_count{trigger=\"event\"} 2\n",
        "netagent_reconcile_duration_seconds_sum{trigger=\"event\"} 0.1\n",
        "netagent_reconcile_duration_seconds_bucket{trigger=\"retry\",le=\"1.0\"} 0\n");
  }

  @Test
  void driftGaugesAndRequestsAreWritten() {
    Metrics metrics = new Metrics();
    metrics.driftRepaired("link", 2);
    metrics.driftRepaired("nat", 1);
    metrics.conflicts(3);
    metrics.attachments(7);
    metrics.apiRequest("attach", 201);
    metrics.apiRequest("attach", 409);
    metrics.apiRequest("metrics", 200);
    metrics.apiRequest("plan", 504);

    String text = metrics.scrape(List.of(), null).body();

    assertThat(text).contains("netagent_drift_repaired_total{kind=\"link\"} 2.0\n", "netagent_drift_repaired_total{kind=\"nat\"} 1.0\n",
        "netagent_conflicts 3.0\n", "netagent_attachments 7.0\n",
        "netagent_api_requests_total{outcome=\"ok\",verb=\"attach\"} 1.0\n",
        "netagent_api_requests_total{outcome=\"rejected\",verb=\"attach\"} 1.0\n",
        "netagent_api_requests_total{outcome=\"ok\",verb=\"metrics\"} 1.0\n",
        "netagent_api_requests_total{outcome=\"failed\",verb=\"plan\"} 1.0\n");
  }

  @Test
  void eachPublishedPortHasItsPacketsAndBytes() {
    Exposition scrape = new Metrics().scrape(PORTS, null);

    assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(scrape.body()).contains("# TYPE netagent_published_port_packets_total counter\n",
        "netagent_published_port_packets_total{container=\"nginx\",family=\"ipv4\",host_ip=\"0.0.0.0\",host_port=\"8080\",network=\"web\","
            + "protocol=\"tcp\"} 12.0\n",
        "netagent_published_port_bytes_total{container=\"dns\",family=\"ipv6\",host_ip=\"2001:db8::1\",host_port=\"5353\",network=\"web\","
            + "protocol=\"udp\"} 640.0\n");
  }

  @Test
  void openMetricsWhenTheClientAsksForIt() {
    Exposition scrape = new Metrics().scrape(PORTS, "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5");

    assertThat(scrape.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(scrape.body()).contains("# TYPE netagent_published_port_packets counter\n").endsWith("# EOF\n");
  }

  @Test
  void eachRegistryIsItsOwn() {
    Metrics one = new Metrics();
    one.attachments(5);

    assertThat(new Metrics().scrape(List.of(), null).body()).contains("netagent_attachments 0.0\n");
  }
}
