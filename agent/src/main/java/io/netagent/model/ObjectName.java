package io.netagent.model;

import java.util.regex.Pattern;

/**
 * Names of networks and containers. They end up in interface aliases
 * ({@code netagent:NETWORK/CONTAINER}) and in generated interface names, so they are kept to
 * letters, digits and {@code _.-}, starting with a letter or digit, at most 63 characters.
 */
public final class ObjectName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private ObjectName() {}

  /** Returns {@code name} when valid for a {@code kind} ("network", "container"), else throws. */
  public static String requireValid(String kind, String name) {
    if (!VALID.matcher(name).matches()) {
      throw new ModelException(kind + " name \"" + name + "\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    return name;
  }
}
