package io.netagent.model;

import java.nio.charset.StandardCharsets;

/**
 * A Linux network interface name, checked by the kernel's own rules ({@code dev_valid_name} in
 * net/core/dev.c): 1–15 bytes, not {@code .} or {@code ..}, no {@code /}, {@code :} or
 * whitespace. A {@code %} is refused too: the kernel would treat the name as a template such as
 * {@code eth%d} and pick a different name than the one declared. Whitespace is what the kernel's
 * {@code isspace} says per byte (lib/ctype.c), which includes 0xA0: so no UTF-8 character with
 * an 0xA0 byte, such as a no-break space or {@code à}, either.
 */
public record InterfaceName(String value) implements Comparable<InterfaceName> {

  /** IFNAMSIZ minus the terminating NUL. */
  public static final int MAX_BYTES = 15;

  public InterfaceName {
    String problem = problem(value);
    if (problem != null) {
      throw new ModelException(problem);
    }
  }

  public static InterfaceName of(String value) {
    return new InterfaceName(value);
  }

  /** Why {@code value} is not a valid interface name, or null when it is one. */
  public static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "an interface name cannot be empty";
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return "interface name \"" + value + "\" is " + bytes + " bytes; at most " + MAX_BYTES + " are allowed";
    }
    if (value.equals(".") || value.equals("..")) {
      return "interface name \"" + value + "\" is not allowed";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == ':' || c == '%' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        return "interface name \"" + value + "\" contains " + describe(c) + ", which Linux does not allow";
      }
    }
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      if ((b & 0xff) == 0xa0) {
        return "interface name \"" + value + "\" contains a character whose UTF-8 encoding has byte 0xA0, which Linux takes for whitespace";
      }
    }
    return null;
  }

  private static String describe(char c) {
    if (c == '/' || c == ':' || c == '%') {
      return "'" + c + "'";
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c) ? "whitespace" : "a control character";
  }

  @Override
  public int compareTo(InterfaceName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
