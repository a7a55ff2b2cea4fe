package io.netagent.shim;

/**
 * Checks that a text is exactly one JSON object (RFC 8259) and reads its top-level keys into a
 * {@link JsonObject}. Hand-written for start-up time, like {@link Json}.
 */
final class JsonReader {
  /** Deeper nesting is refused, so that a hostile input cannot exhaust the small thread stack. */
  private static final int MAX_DEPTH = 256;

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException naming the offset, when {@code text} is not one JSON object
   */
  static JsonObject object(String text) {
    JsonReader reader = new JsonReader(text);
    reader.space();
    if (reader.peek() != '{') {
      throw reader.error("expected a JSON object");
    }
    JsonObject object = new JsonObject();
    reader.object(object, 1);
    reader.space();
    if (reader.pos < text.length()) {
      throw reader.error("unexpected text after the object");
    }
    return object;
  }

  private void object(JsonObject top, int depth) {
    pos++;
    space();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      space();
      expect(':');
      space();
      char kind = kind(peek());
      if (top != null) {
        top.put(key, kind, kind == '"' ? string() : null);
        if (kind != '"') {
          value(depth);
        }
      } else {
        value(depth);
      }
      space();
      char c = next();
      if (c == '}') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected , or }");
      }
    }
  }

  private void array(int depth) {
    pos++;
    space();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      space();
      value(depth);
      space();
      char c = next();
      if (c == ']') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected , or ]");
      }
    }
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    switch (kind(peek())) {
      case '{' -> object(null, depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      case '0' -> number();
      default -> throw error("expected a value");
    }
  }

  private static char kind(char c) {
    if (c == '-' || (c >= '0' && c <= '9')) {
      return '0';
    }
    return c == '{' || c == '[' || c == '"' || c == 't' || c == 'f' || c == 'n' ? c : 0;
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error(pos >= text.length() ? "unterminated string" : "control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(unicode());
        default -> {
          pos--;
          throw error("bad escape in a string");
        }
      }
    }
  }

  private char unicode() {
    if (pos + 4 > text.length()) {
      throw error("bad \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos++), 16);
      if (digit < 0) {
        pos--;
        throw error("bad \\u escape");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private void number() {
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
  }

  private void digits() {
    int start = pos;
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("bad number");
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("expected " + c);
    }
  }

  private void space() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** The next character, or 0 at the end (which no valid position holds). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + Math.min(pos, text.length()));
  }
}
