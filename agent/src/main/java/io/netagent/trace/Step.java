package io.netagent.trace;

import java.util.Objects;

/**
 * One answer to one step: {@code key} is what is compared (the same words from the model and
 * from the kernel when they agree, such as {@code dnat 10.88.0.2:80} or {@code dev nbr0}),
 * {@code text} says it for people.
 */
public record Step(StepKind kind, String key, String text) {
  public Step {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(key);
    Objects.requireNonNull(text);
  }
}
