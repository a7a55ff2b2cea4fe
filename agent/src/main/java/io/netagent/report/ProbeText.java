package io.netagent.report;

import io.netagent.probe.ProbeOutcome;
import java.util.List;

/** Probe results for people: one line per probe ({@code ok} or {@code FAILED}, its kind, what it checks, the likely cause), then a summary. */
public final class ProbeText {
  private ProbeText() {}

  /** One probe's line. */
  public static String line(ProbeOutcome o) {
    return String.format("%-7s %-11s %s%s", o.ok() ? "ok" : "FAILED", o.probe().kind(), o.probe().subject(),
        o.cause().map(c -> ": " + c).orElse(""));
  }

  /** Every line, then {@code Probes: N ok, M failed.} */
  public static String of(List<ProbeOutcome> outcomes) {
    StringBuilder text = new StringBuilder();
    outcomes.forEach(o -> text.append(line(o)).append('\n'));
    return text.append(summary(outcomes)).append('\n').toString();
  }

  /** {@code Probes: N ok, M failed.}, or that there was nothing to probe. */
  public static String summary(List<ProbeOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return "Nothing to probe: no container with an IPv4 address is declared.";
    }
    long failed = outcomes.stream().filter(o -> !o.ok()).count();
    return "Probes: " + (outcomes.size() - failed) + " ok, " + failed + " failed.";
  }
}
