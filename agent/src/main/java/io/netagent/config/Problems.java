package io.netagent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found in one file, so that they are reported at once: the first
 * {@link #MAX_KEPT} found, and how many more there were. A file of half a million wrong items
 * would otherwise fill the heap with its problems and then the screen (compilers stop too:
 * javac's -Xmaxerrs is 100).
 */
final class Problems {
  static final int MAX_KEPT = 100;

  private final String file;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private int more;

  Problems(String file) {
    this.file = file;
  }

  void add(Location location, String path, String message) {
    if (problems.size() < MAX_KEPT) {
      problems.add(new ConfigProblem(file, location.line(), location.column(), path, message));
    } else {
      more++;
    }
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems kept. */
  List<ConfigProblem> list() {
    return List.copyOf(problems);
  }

  /** Throws a {@link ConfigException} carrying the problems kept and the count of the others, if there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems, more);
    }
  }
}
