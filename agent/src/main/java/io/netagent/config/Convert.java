package io.netagent.config;

import io.netagent.model.ModelException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Turns configuration values into model values, reporting a model rule's refusal where the value was written. */
final class Convert {
  private final Problems problems;

  Convert(Problems problems) {
    this.problems = problems;
  }

  /** {@code parser} applied to the value, or empty (problem recorded) when the model refuses it. */
  <S, T> Optional<Value<T>> apply(Optional<Value<S>> value, Function<S, T> parser) {
    return value.flatMap(v -> {
      try {
        return Optional.of(new Value<>(parser.apply(v.value()), v.location(), v.path()));
      } catch (ModelException e) {
        problems.add(v.location(), v.path(), e.getMessage());
        return Optional.empty();
      }
    });
  }

  /** Runs a model constructor, reporting a refusal at {@code location}. */
  <T> Optional<T> build(Location location, String path, Supplier<T> constructor) {
    try {
      return Optional.of(constructor.get());
    } catch (ModelException e) {
      problems.add(location, path, e.getMessage());
      return Optional.empty();
    }
  }

  void problem(Location location, String path, String message) {
    problems.add(location, path, message);
  }
}
