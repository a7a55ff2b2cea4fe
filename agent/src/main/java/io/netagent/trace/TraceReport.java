package io.netagent.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trace's answer: the packet, the model's steps, and the kernel's when it was asked
 * ({@code --kernel}), step for step.
 */
public record TraceReport(Packet packet, List<Step> model, Optional<List<Step>> kernel) {
  public TraceReport {
    Objects.requireNonNull(packet);
    model = List.copyOf(model);
    kernel = kernel.map(List::copyOf);
    if (model.size() != StepKind.values().length || kernel.filter(k -> k.size() != StepKind.values().length).isPresent()) {
      throw new IllegalArgumentException("a trace has one step of each kind");
    }
  }

  /**
   * Whether the two answers to one step agree: the same key, or the model's ends in
   * {@link ModelTrace#ANY} (an address only the kernel knows, such as a masquerade's through the
   * uplink) and the kernel's starts with the rest.
   */
  public static boolean agree(Step model, Step kernel) {
    String m = model.key();
    return m.equals(kernel.key()) || m.endsWith(ModelTrace.ANY) && kernel.key().startsWith(m.substring(0, m.length() - ModelTrace.ANY.length()));
  }

  /** The steps whose answers differ, in order; empty without the kernel's. */
  public List<StepKind> disagreements() {
    List<StepKind> differ = new ArrayList<>();
    kernel.ifPresent(k -> {
      for (int i = 0; i < model.size(); i++) {
        if (!agree(model.get(i), k.get(i))) {
          differ.add(model.get(i).kind());
        }
      }
    });
    return differ;
  }
}
