package io.netagent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.KernelTrace;
import io.netagent.kernel.KernelTrace.Event;
import io.netagent.kernel.KernelTrace.EventType;
import io.netagent.kernel.KernelTrace.Header;
import io.netagent.kernel.Probe;
import io.netagent.model.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The kernel's steps read from trace events shaped as TraceIT's kernel sends them (a published
 * port from the outside, the same with its map element deleted, a forward drop), and what it
 * reads as the same keys the model gives, so that the report compares them.
 */
class KernelStepsTest {
  private static final String MINE = "netagent-trace-42";
  private static final Packet OUTSIDE_TO_8061 = Sides.resolve(ModelTraceTest.STATE,
      TraceQuery.parse(List.of("tcp", "outside -> host:8061")), Places.DEFAULTS);

  private static Header header(String from, String to, int port) {
    return new Header(IpAddress.parse(from), IpAddress.parse(to), 40000, port);
  }

  private static Event event(String table, String chain, EventType type, String comment, String verdict, String iif, String oif, Header packet) {
    return new Event("ip", table, chain, type, Optional.of(1L), Optional.ofNullable(comment), verdict, Optional.ofNullable(iif),
        Optional.ofNullable(oif), Optional.ofNullable(packet));
  }

  /** The events of outside → host:8061 up to netagent's prerouting, DNATed when {@code published}. */
  private static List<Event> prerouting(boolean published) {
    Header in = header("203.0.113.10", "10.61.0.1", 8061);
    List<Event> events = new ArrayList<>(List.of(
        event(MINE, "prerouting", EventType.RULE, null, "continue", "ntr2a", null, in),
        event(MINE, "prerouting", EventType.POLICY, null, "accept", null, null, null),
        event("netagent", "guard", EventType.POLICY, null, "accept", "ntr2a", null, in),
        event("netagent", "prerouting", EventType.RULE, "netagent:published", "jump portmap", "ntr2a", null, in)));
    if (published) {
      events.add(event("netagent", "portmap", EventType.RULE, "netagent:any", "accept", null, null, null));
    } else {
      events.add(event("netagent", "prerouting", EventType.POLICY, null, "accept", null, null, null));
    }
    return events;
  }

  @Test
  void aPublishedPortAsTheKernelTracesItAgreesWithTheModel() {
    Header out = header("203.0.113.10", "10.61.0.11", 80);
    List<Event> events = prerouting(true);
    events.addAll(List.of(
        event("netagent", "forward", EventType.RULE, "netagent:published", "accept", "ntr2a", "nbra", out),
        event("netagent", "postrouting", EventType.POLICY, null, "accept", null, "nbra", out),
        event(MINE, "postrouting", EventType.RULE, null, "drop", null, "nbra", out)));
    KernelTrace trace = new KernelTrace(MINE, events, new KernelTrace.Route("unicast", Optional.of("nbra"), Optional.empty()), false);

    List<Step> kernel = KernelSteps.of(ModelTraceTest.STATE, OUTSIDE_TO_8061, trace);
    TraceReport report = new TraceReport(OUTSIDE_TO_8061, ModelTrace.of(ModelTraceTest.STATE, OUTSIDE_TO_8061, Places.DEFAULTS), Optional.of(kernel));

    assertThat(kernel).extracting(Step::key)
        .containsExactly("outside", "any", "dnat 10.61.0.11:80", "dev nbra", "accept published", "unchanged", "dev nbra");
    assertThat(report.disagreements()).isEmpty();
  }

  @Test
  void aMissingMapElementIsDeliveredToTheHostAndEveryStepItChangesDiffers() {
    Header in = header("203.0.113.10", "10.61.0.1", 8061);
    List<Event> events = prerouting(false);
    events.add(event(MINE, "input", EventType.RULE, null, "drop", "ntr2a", null, in));
    KernelTrace trace = new KernelTrace(MINE, events, new KernelTrace.Route("local", Optional.of("lo"), Optional.empty()), false);

    List<Step> kernel = KernelSteps.of(ModelTraceTest.STATE, OUTSIDE_TO_8061, trace);
    TraceReport report = new TraceReport(OUTSIDE_TO_8061, ModelTrace.of(ModelTraceTest.STATE, OUTSIDE_TO_8061, Places.DEFAULTS), Optional.of(kernel));

    assertThat(kernel).extracting(Step::key).containsExactly("outside", "none", "unchanged", "local", "not forwarded", "unchanged", "local");
    assertThat(kernel.get(1).text()).isEqualTo("no element for it in ip netagent's maps");
    assertThat(report.disagreements()).containsExactly(StepKind.PUBLISHED, StepKind.DESTINATION, StepKind.ROUTE, StepKind.ISOLATION, StepKind.LEAVES);
    assertThat(TraceText.render(report)).startsWith("""
        tcp outside (203.0.113.10) → host (10.61.0.1) port 8061
        = enters          model:  by an interface outside netagent's networks (prerouting)
                          kernel: by ntr2a (prerouting)
        ≠ published port  model:  tcp 8061 → 10.61.0.11:80 (container a1) (map any_addr)
                          kernel: no element for it in ip netagent's maps
        """).contains("= source          model:  unchanged: 203.0.113.10\n")
        .endsWith("""
            model and kernel differ on 5 step(s):
              published port: model: tcp 8061 → 10.61.0.11:80 (container a1) (map any_addr); kernel: no element for it in ip netagent's maps
              destination: model: DNAT to 10.61.0.11:80; kernel: unchanged: 10.61.0.1:8061
              route: model: 10.61.0.11 is on 10.61.0.0/24: by bridge nbra; kernel: local (RTM_GETROUTE: type local, dev lo)
              isolation: model: accepted by rule "published"; kernel: not forwarded (no forward hook)
              leaves by: model: bridge nbra; kernel: delivered to the host (input hook, by ntr2a)
            """);
  }

  @Test
  void aForwardDropByAnotherTableIsNamedAtTheIsolationStep() {
    Packet packet = Sides.resolve(ModelTraceTest.STATE, TraceQuery.parse(List.of("tcp", "outside -> 10.62.0.11:80")), Places.DEFAULTS);
    Header in = header("203.0.113.10", "10.62.0.11", 80);
    KernelTrace trace = new KernelTrace(MINE, List.of(
        event(MINE, "prerouting", EventType.RULE, null, "continue", "ntr2a", null, in),
        event("filter", "FORWARD", EventType.POLICY, null, "drop", "ntr2a", "nbrb", in)),
        new KernelTrace.Route("unicast", Optional.of("nbrb"), Optional.empty()), false);

    List<Step> kernel = KernelSteps.of(ModelTraceTest.STATE, packet, trace);

    assertThat(kernel).extracting(Step::key).containsExactly("outside", "none", "unchanged", "dev nbrb", "drop ip filter FORWARD", "dropped", "dropped");
    assertThat(kernel.get(4).text()).isEqualTo("dropped by the policy of ip filter FORWARD");
  }

  @Test
  void theProbeIsSentFromTheSendersSide() {
    assertThat(KernelSteps.probe(OUTSIDE_TO_8061).sender()).isEqualTo(new Probe.Outside(IpAddress.parse("203.0.113.10")));
    Packet fromHost = Sides.resolve(ModelTraceTest.STATE, TraceQuery.parse(List.of("udp", "host -> b1:53")), Places.DEFAULTS);
    assertThat(KernelSteps.probe(fromHost)).satisfies(p -> {
      assertThat(p.sender()).isEqualTo(new Probe.Host());
      assertThat(p.source()).as("the kernel chooses the host's source").isEmpty();
    });
  }
}
