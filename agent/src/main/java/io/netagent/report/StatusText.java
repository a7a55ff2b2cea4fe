package io.netagent.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code netagent status} for people: one line per object with its state, the plan
 * lines behind it indented below, then a count of each state.
 */
public final class StatusText {
  private StatusText() {}

  /** The entries, then a blank line and the summary ({@code 3 converged, 1 missing.}). */
  public static String render(List<StatusReport.Entry> entries) {
    StringBuilder sb = new StringBuilder();
    Map<String, Integer> counts = new TreeMap<>();
    for (StatusReport.Entry e : entries) {
      sb.append(String.format("%-60s %s%n", e.label(), e.state()));
      e.details().forEach(d -> sb.append("    ").append(d.replace("\n", "\n    ")).append('\n'));
      counts.merge(e.state(), 1, Integer::sum);
    }
    sb.append('\n');
    StringBuilder summary = new StringBuilder();
    counts.forEach((state, n) -> summary.append(summary.length() == 0 ? "" : ", ").append(n).append(' ').append(state));
    return sb.append(summary).append(".\n").toString();
  }
}
