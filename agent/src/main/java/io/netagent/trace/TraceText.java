package io.netagent.trace;

import java.util.List;

/**
 * A trace for people: the packet, then one line per step (the model's answer); with the kernel's,
 * both answers per step marked {@code =} or {@code ≠}, and a line per disagreement at the end.
 */
public final class TraceText {
  private static final int LABEL = 16;

  private TraceText() {}

  /** The report as lines of text, each ending in a newline. */
  public static String render(TraceReport report) {
    StringBuilder text = new StringBuilder(report.packet().toString()).append('\n');
    List<Step> model = report.model();
    if (report.kernel().isEmpty()) {
      model.forEach(s -> text.append("  ").append(pad(s.kind().label())).append(s.text()).append('\n'));
      return text.toString();
    }
    List<Step> kernel = report.kernel().get();
    for (int i = 0; i < model.size(); i++) {
      Step m = model.get(i);
      Step k = kernel.get(i);
      text.append(TraceReport.agree(m, k) ? "= " : "≠ ").append(pad(m.kind().label())).append("model:  ").append(m.text()).append('\n');
      text.append("  ").append(pad("")).append("kernel: ").append(k.text()).append('\n');
    }
    List<StepKind> differ = report.disagreements();
    if (differ.isEmpty()) {
      text.append("model and kernel agree on every step\n");
      return text.toString();
    }
    text.append("model and kernel differ on ").append(differ.size()).append(" step(s):\n");
    for (StepKind kind : differ) {
      text.append("  ").append(kind.label()).append(": model: ").append(model.get(kind.ordinal()).text()).append("; kernel: ")
          .append(kernel.get(kind.ordinal()).text()).append('\n');
    }
    return text.toString();
  }

  private static String pad(String label) {
    return label + " ".repeat(Math.max(1, LABEL - label.length()));
  }
}
