package io.netagent.operations;

import java.util.List;

/** How a long list of names fits in one line of a plan: the first few, and how many more. */
final class Shown {
  private static final int FIRST = 8;

  private Shown() {}

  /** {@code "a, b, c"}; of a long list the first eight, then {@code " and 92 more"}. */
  static String firstFew(List<String> names) {
    String shown = String.join(", ", names.subList(0, Math.min(FIRST, names.size())));
    return names.size() > FIRST ? shown + " and " + (names.size() - FIRST) + " more" : shown;
  }
}
