package io.netagent.cli;

/**
 * Text made safe for man(7) troff: a backslash printed as one, minus signs that stay ASCII when
 * copied from the page ({@code \-}, so {@code --probe} pastes as typed), a line that starts with a
 * dot or quote not taken for a request, and characters beyond ASCII as groff's {@code \[uXXXX]}
 * escapes, so a page renders the same whatever encoding the formatter assumes.
 */
final class Troff {
  private Troff() {}

  /** {@code text} as troff input text; it must not hold a line break. */
  static String text(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    if (text.startsWith(".") || text.startsWith("'")) {
      out.append("\\&");
    }
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\\' -> out.append("\\e");
        case '-' -> out.append("\\-");
        case '\n', '\r' -> throw new IllegalArgumentException("a line break in man page text: " + text);
        default -> {
          if (c < 128) {
            out.appendCodePoint(c);
          } else {
            out.append(String.format("\\[u%04X]", c));
          }
        }
      }
    });
    return out.toString();
  }

  /** {@code text} in bold, for what is typed as it stands. */
  static String bold(String text) {
    return "\\fB" + text(text) + "\\fR";
  }

  /** {@code text} in italics, for what the reader replaces. */
  static String italic(String text) {
    return "\\fI" + text(text) + "\\fR";
  }
}
