package io.netagent.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The daemon's metrics, kept in one registry of Prometheus' Java client (its own, not the
 * library's process-wide default) and written in the Prometheus or OpenMetrics text format. The
 * daemon's loop and the API record into it; the published ports' counters are not kept here but
 * read from the kernel at each scrape and handed to {@link #scrape}. Safe to use from any thread.
 */
public final class Metrics {
  /** The reconcile durations' bucket bounds, in seconds: a pass with nothing to do takes milliseconds, a thousand attachments seconds. */
  private static final double[] DURATION_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter reconciles = Counter.builder().name("netagent_reconcile_total")
      .help("Reconcile passes, by what started them and how they ended (converged, failed)").labelNames("trigger", "result").register(registry);
  private final Histogram durations = Histogram.builder().name("netagent_reconcile_duration_seconds")
      .help("How long reconcile passes took, by what started them (an event's pass counts from its first notification)")
      .classicOnly().classicUpperBounds(DURATION_BOUNDS).labelNames("trigger").register(registry);
  private final Counter drift = Counter.builder().name("netagent_drift_repaired_total")
      .help("Operations that repaired drift (passes started by kernel events, the periodic resync or a retry), by object kind")
      .labelNames("kind").register(registry);
  private final Gauge conflicts = Gauge.builder().name("netagent_conflicts")
      .help("Conflicts in the last plan: kernel objects netagent does not own that block part of the configuration").register(registry);
  private final Gauge attachments = Gauge.builder().name("netagent_attachments").help("Attachments made through the API").register(registry);
  private final Counter requests = Counter.builder().name("netagent_api_requests_total")
      .help("Requests to the live API, by verb and outcome (ok: 2xx, rejected: 4xx, failed: 5xx)").labelNames("verb", "outcome")
      .register(registry);

  private final PrometheusTextFormatWriter prometheusText = PrometheusTextFormatWriter.create();
  private final OpenMetricsTextFormatWriter openMetricsText = OpenMetricsTextFormatWriter.create();

  /** One reconcile pass that {@code trigger} started, and whether it converged. */
  public void reconciled(String trigger, boolean converged, Duration took) {
    reconciles.labelValues(trigger, converged ? "converged" : "failed").inc();
    durations.labelValues(trigger).observe(took.toNanos() / 1e9);
  }

  /** {@code operations} operations that repaired drift of objects of {@code kind}. */
  public void driftRepaired(String kind, long operations) {
    drift.labelValues(kind).inc(operations);
  }

  public void conflicts(int count) {
    conflicts.set(count);
  }

  public void attachments(int count) {
    attachments.set(count);
  }

  /** One API request, answered with {@code status}. */
  public void apiRequest(String verb, int status) {
    requests.labelValues(verb, status < 400 ? "ok" : status < 500 ? "rejected" : "failed").inc();
  }

  /**
   * Everything, with {@code ports}' counters, in OpenMetrics text when {@code accept} (the
   * request's Accept header, or null) asks for it and in the Prometheus text format (0.0.4)
   * otherwise, as Prometheus' own exporters choose.
   */
  public Exposition scrape(List<PortCount> ports, String accept) {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    registry.scrape().forEach(all::metricSnapshot);
    all.metricSnapshot(portCounter("netagent_published_port_packets", "Packets sent to a published port (each connection's original direction)",
        ports, PortCount::packets));
    all.metricSnapshot(portCounter("netagent_published_port_bytes", "Bytes sent to a published port, IP header included", ports,
        PortCount::bytes));
    ExpositionFormatWriter writer = accept != null && openMetricsText.accepts(accept) ? openMetricsText : prometheusText;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, all.build());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
    return new Exposition(writer.getContentType(), out.toString(StandardCharsets.UTF_8));
  }

  private static MetricSnapshot portCounter(String name, String help, List<PortCount> ports, ToLongFunction<PortCount> value) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    for (PortCount p : ports) {
      counter.dataPoint(CounterDataPointSnapshot.builder().value(value.applyAsLong(p))
          .labels(Labels.of("network", p.network(), "container", p.container(), "protocol", p.protocol(), "family", p.family(), "host_ip",
              p.hostIp(), "host_port", String.valueOf(p.hostPort())))
          .build());
    }
    return counter.build();
  }
}
