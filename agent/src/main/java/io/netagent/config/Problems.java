package io.netagent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in one file, so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<ConfigProblem> problems = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(Location location, String path, String message) {
    problems.add(new ConfigProblem(file, location.line(), location.column(), path, message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<ConfigProblem> list() {
    return List.copyOf(problems);
  }

  /** Throws a {@link ConfigException} carrying every problem, if there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
