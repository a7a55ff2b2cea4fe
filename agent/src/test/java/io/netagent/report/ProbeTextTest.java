package io.netagent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.probe.Probe;
import io.netagent.probe.ProbeOutcome;
import io.netagent.probe.Probes;
import io.netagent.testing.DualStackConfigs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Probe results as printed: one aligned line per probe with the cause of a failure, a summary; and as JSON. */
class ProbeTextTest {
  private static final List<Probe> PROBES = Probes.of(ConfigLoader.parse("p.yaml", DualStackConfigs.IPV4, false).state());
  private static final List<ProbeOutcome> OUTCOMES = List.of(
      new ProbeOutcome(PROBES.get(0), Optional.empty()),
      new ProbeOutcome(PROBES.get(3), Optional.of("net.ipv4.ip_forward is 0 in the host: it forwards nothing")));

  @Test
  void oneLinePerProbeThenTheCount() {
    assertThat(ProbeText.of(OUTCOMES)).isEqualTo("""
        ok      gateway     web → gateway 10.88.0.1
        FAILED  outside     web tcp 8080 → 10.88.0.2:80: net.ipv4.ip_forward is 0 in the host: it forwards nothing
        Probes: 1 ok, 1 failed.
        """);
    assertThat(ProbeText.of(List.of())).isEqualTo("Nothing to probe: no container with an IPv4 address is declared.\n");
  }

  @Test
  void jsonHasEachProbeWithItsCauseAndTheCounts() {
    String json = ProbeJson.of(OUTCOMES).toString();

    assertThat(json).contains("{\"kind\":\"gateway\",\"network\":\"default\",\"container\":\"web\",\"subject\":\"web → gateway 10.88.0.1\","
        + "\"ok\":true,\"cause\":null}");
    assertThat(json).contains("\"ok\":false,\"cause\":\"net.ipv4.ip_forward is 0 in the host: it forwards nothing\"}");
    assertThat(json).endsWith("\"summary\":{\"ok\":1,\"failed\":1}}");
  }
}
