package io.netagent.shim;

/**
 * Writes JSON strings. The shim is hand-written JSON rather than Jackson on purpose: it runs
 * once per container event, and every class it loads is start-up the runtime waits for
 * (README, "CNI plugin"). It writes a handful of strings and reads a few top-level keys
 * ({@link JsonReader}); nothing more.
 */
final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** Appends {@code text} as a JSON string, or {@code null} for null. */
  static StringBuilder quote(StringBuilder sb, String text) {
    if (text == null) {
      return sb.append("null");
    }
    sb.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  static String quote(String text) {
    return quote(new StringBuilder(), text).toString();
  }

  /** Lower-case hexadecimal of {@code bytes}. */
  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
    return sb.toString();
  }
}
