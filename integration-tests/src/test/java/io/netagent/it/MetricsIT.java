package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static io.netagent.it.NatTraffic.REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon's metrics, scraped with curl over the API socket and over the loopback listener
 * ({@code --metrics-listen}) and parsed by Prometheus' own Python client (Debian's
 * python3-prometheus-client), not by netagent: known traffic to a published UDP port makes its
 * packet and byte counters grow by exactly what was sent (IP length: 20 bytes of IPv4 header, 8 of
 * UDP, the payload), from outside over the uplink and from the host to 127.0.0.1, and over IPv6
 * (40 bytes of IPv6 header) to the ip6 table's counter; a TCP exchange
 * makes the TCP port's grow; an attachment with a port of its own (the NAT maps updated element by
 * element) keeps the other ports' counters; a drift repair and the scrapes themselves are counted.
 */
@ExtendWith(LabExtension.class)
class MetricsIT {
  private static final int METRICS_PORT = 9464;
  private static final int DATAGRAMS = 10;
  /** The UDP payload: 99 bytes and the newline the server's {@code read} waits for. */
  private static final int PAYLOAD = 100;
  private static final int IPV4_UDP_HEADERS = 20 + 8;
  private static final int IPV6_UDP_HEADERS = 40 + 8;
  private static final String UPLINK6 = "2001:db8:214::1";

  /** Reads an exposition on stdin, prints its samples as JSON: [{"name", "labels", "value"}, ...]. */
  private static final String PARSER = """
      import json, sys
      from prometheus_client.parser import text_string_to_metric_families as prometheus
      from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
      parse = openmetrics if sys.argv[1] == "openmetrics" else prometheus
      print(json.dumps([{"name": s.name, "labels": s.labels, "value": s.value}
                        for family in parse(sys.stdin.read()) for s in family.samples]))
      """;

  private Lab lab;
  private Agent agent;
  private String outside;
  private Path config;
  private final List<DaemonProcess> daemons = new ArrayList<>();

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
    // Dual stack: the ports are published over IPv6 too, and the uplink has an IPv6 address to reach them by.
    Sh.ok("ip", "-n", lab.host, "addr", "add", UPLINK6 + "/64", "dev", NatTraffic.uplink(lab.id), "nodad");
    Sh.ok("ip", "-n", outside, "addr", "add", "2001:db8:214::2/64", "dev", "eth0", "nodad");
    config = lab.config(NatConfig.yaml(lab, "10.214.0", ", subnet6: fd00:214::/64",
        NatConfig.container(lab, "c1", "10.214.0.11", "ports:", "  - { host: 8080, container: 80 }"),
        NatConfig.container(lab, "c2", "10.214.0.12", "ports:", "  - { host: 5353, container: 53, protocol: udp }")));
  }

  @AfterEach
  void tearDown() {
    daemons.forEach(DaemonProcess::kill);
  }

  /** The samples of one scrape, as Prometheus' parser read them. */
  private record Scrape(String contentType, JsonNode samples) {
    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
      List<Double> values = new ArrayList<>();
      for (JsonNode s : samples) {
        if (s.path("name").asText().equals(name) && labels.entrySet().stream().allMatch(l -> s.path("labels").path(l.getKey()).asText().equals(l.getValue()))) {
          values.add(s.path("value").asDouble());
        }
      }
      assertThat(values).as("samples %s%s in %s", name, labels, samples).hasSize(1);
      return values.get(0);
    }
  }

  /** {@code curl ARGS URL}, the body parsed by Prometheus' parser of {@code format} (prometheus or openmetrics). */
  private static Scrape scrape(List<String> curl, String format) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(curl);
    command.addAll(List.of("-w", "\n%{content_type}"));
    Processes.Result r = Sh.run(command.toArray(String[]::new));
    assertThat(r.code()).as("%s: %s", command, r).isZero();
    int cut = r.out().lastIndexOf('\n');
    Processes.Result parsed = Processes.run(Path.of("."), List.of("/usr/bin/python3", "-c", PARSER, format), Map.of(), r.out().substring(0, cut));
    assertThat(parsed.code()).as("Prometheus' parser on:%n%s%n%s", r.out(), parsed).isZero();
    return new Scrape(r.out().substring(cut + 1), Lab.json(parsed.out()));
  }

  private Scrape overSocket() throws IOException, InterruptedException {
    return scrape(List.of("curl", "-sS", "-f", "--unix-socket", agent.api().socket().toString(), "http://localhost/metrics"), "prometheus");
  }

  /** From the lab's host namespace, where the daemon listens on its loopback. */
  private Scrape overTcp(String... headers) throws IOException, InterruptedException {
    List<String> curl = new ArrayList<>(List.of("ip", "netns", "exec", lab.host, "curl", "-sS", "-f"));
    for (String h : headers) {
      curl.addAll(List.of("-H", h));
    }
    curl.add("http://127.0.0.1:" + METRICS_PORT + "/metrics");
    return scrape(curl, headers.length == 0 ? "prometheus" : "openmetrics");
  }

  /** {@code count} datagrams of {@link #PAYLOAD} bytes from {@code ns} to {@code ip:port} (either family), from one socket. */
  private void datagrams(String ns, String ip, int port, int count) {
    lab.ok(ns, "/usr/bin/python3", "-c", """
        import socket
        s = socket.socket(socket.AF_INET6 if ":" in "%1$s" else socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(%3$d):
            s.sendto(b"x" * %4$d + b"\\n", ("%1$s", %2$d))
        """.formatted(ip, port, count, PAYLOAD - 1));
  }

  private static Map<String, String> port(String container, String protocol, String hostPort) {
    return Map.of("network", "lab", "container", container, "protocol", protocol, "family", "ipv4", "host_ip", "0.0.0.0", "host_port", hostPort);
  }

  private static Map<String, String> port6(String container, String protocol, String hostPort) {
    return Map.of("network", "lab", "container", container, "protocol", protocol, "family", "ipv6", "host_ip", "::", "host_port", hostPort);
  }

  @Test
  void publishedPortCountersGrowByWhatWasSentAndTheDaemonCountsItsWork() throws Exception {
    DaemonProcess daemon = DaemonProcess.start(agent, config, "--metrics-listen", "127.0.0.1:" + METRICS_PORT);
    daemons.add(daemon);
    NatTraffic.tcpServer(lab, lab.ns("c1"), 80, "echo c1");
    NatTraffic.udpServer(lab, lab.ns("c2"), 53, "read x; echo c2");
    Map<String, String> udp = port("c2", "udp", "5353");
    Map<String, String> tcp = port("c1", "tcp", "8080");
    Map<String, String> udp6 = port6("c2", "udp", "5353");

    Scrape before = overSocket();
    assertThat(before.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(before.value("netagent_reconcile_total", Map.of("trigger", "start", "result", "converged"))).isEqualTo(1);
    assertThat(before.value("netagent_reconcile_duration_seconds_count", Map.of("trigger", "start"))).isEqualTo(1);
    assertThat(before.value("netagent_attachments", Map.of())).isZero();
    assertThat(before.value("netagent_conflicts", Map.of())).isZero();

    datagrams(outside, HOST_IP, 5353, DATAGRAMS);
    datagrams(lab.host, "127.0.0.1", 5353, DATAGRAMS / 2);
    datagrams(outside, UPLINK6, 5353, DATAGRAMS);
    assertThat(NatTraffic.tcp(lab, outside, HOST_IP, 8080)).isEqualTo(REPLY + "c1");

    Scrape after = overTcp();
    int sent = DATAGRAMS + DATAGRAMS / 2;
    assertThat(after.value("netagent_published_port_packets_total", udp) - before.value("netagent_published_port_packets_total", udp))
        .as("UDP packets, from outside and from the host to 127.0.0.1").isEqualTo(sent);
    assertThat(after.value("netagent_published_port_bytes_total", udp) - before.value("netagent_published_port_bytes_total", udp))
        .as("UDP bytes: IP length").isEqualTo(sent * (IPV4_UDP_HEADERS + PAYLOAD));
    assertThat(after.value("netagent_published_port_packets_total", udp6) - before.value("netagent_published_port_packets_total", udp6))
        .as("UDP packets over IPv6").isEqualTo(DATAGRAMS);
    assertThat(after.value("netagent_published_port_bytes_total", udp6) - before.value("netagent_published_port_bytes_total", udp6))
        .as("UDP bytes over IPv6: IPv6 length").isEqualTo(DATAGRAMS * (IPV6_UDP_HEADERS + PAYLOAD));
    double tcpPackets = after.value("netagent_published_port_packets_total", tcp) - before.value("netagent_published_port_packets_total", tcp);
    assertThat(tcpPackets).as("TCP packets to the container: at least SYN, ACK, FIN").isGreaterThanOrEqualTo(3);
    assertThat(after.value("netagent_published_port_bytes_total", tcp) - before.value("netagent_published_port_bytes_total", tcp))
        .as("TCP bytes: at least 40 bytes of IPv4 and TCP headers a packet").isGreaterThanOrEqualTo(40 * tcpPackets);
    assertThat(after.value("netagent_api_requests_total", Map.of("verb", "metrics", "outcome", "ok"))).as("the first scrape").isEqualTo(1);

    // An attachment with a port of its own: only map elements change, so the other ports keep counting.
    String c3 = lab.addNs("c3");
    assertThat(agent.api().call("POST", "/attachments", "{\"id\": \"c3\", \"network\": \"lab\", \"namespace\": \"%s\", \"ports\": [{\"host\": 9090, \"container\": 90}]}"
        .formatted(c3)).json().path("id").asText()).isEqualTo("c3");
    Scrape attached = overTcp("Accept: application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(attached.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(attached.value("netagent_published_port_packets_total", udp)).as("kept across an element update")
        .isEqualTo(after.value("netagent_published_port_packets_total", udp));
    assertThat(attached.value("netagent_published_port_packets_total", port("c3", "tcp", "9090"))).isZero();
    assertThat(attached.value("netagent_attachments", Map.of())).isEqualTo(1);
    assertThat(attached.value("netagent_api_requests_total", Map.of("verb", "attach", "outcome", "ok"))).isEqualTo(1);
    assertThat(attached.value("netagent_reconcile_total", Map.of("trigger", "api", "result", "converged"))).isGreaterThanOrEqualTo(1);

    // Drift: the bridge's MTU changed by hand is repaired by the pass its notification starts.
    int mark = daemon.mark();
    Sh.ok("ip", "-n", lab.host, "link", "set", "dev", "b" + lab.id, "mtu", "1400");
    daemon.awaitRepair(mark);
    Scrape repaired = overSocket();
    assertThat(repaired.value("netagent_drift_repaired_total", Map.of("kind", "link"))).isGreaterThanOrEqualTo(1);
    assertThat(repaired.value("netagent_reconcile_total", Map.of("trigger", "event", "result", "converged"))).isGreaterThanOrEqualTo(1);
    assertThat(repaired.value("netagent_api_requests_total", Map.of("verb", "metrics", "outcome", "ok"))).as("three scrapes before").isEqualTo(3);
  }

  @Test
  void theListenerIsRefusedOffLoopbackAndOnAPortInUse() throws Exception {
    Processes.Result wide = agent.run("run", "-c", config.toString(), "--metrics-listen", "0.0.0.0:" + METRICS_PORT);
    assertThat(wide.code()).as("%s", wide).isEqualTo(2);
    assertThat(wide.err()).contains("--metrics-listen: 0.0.0.0 is not a loopback address");

    Process taken = lab.spawn(lab.host, "socat", "TCP-LISTEN:" + METRICS_PORT + ",bind=127.0.0.1,fork", "SYSTEM:true");
    NatTraffic.awaitBound(lab, lab.host, "-ltn", METRICS_PORT, taken);
    Processes.Result inUse = agent.run("run", "-c", config.toString(), "--metrics-listen", "127.0.0.1:" + METRICS_PORT);
    assertThat(inUse.code()).as("%s", inUse).isEqualTo(1);
    assertThat(inUse.err()).contains("cannot listen for metrics on 127.0.0.1:" + METRICS_PORT + ": Address already in use")
        .doesNotContain("Exception");
    assertThat(agent.api().socket()).as("no API socket left behind").doesNotExist();
  }
}
