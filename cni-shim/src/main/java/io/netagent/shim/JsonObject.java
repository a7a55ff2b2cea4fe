package io.netagent.shim;

import java.util.HashMap;
import java.util.Map;

/**
 * The top-level keys of a JSON object as {@link JsonReader} found them: the value of each string
 * key, and the kind of every value ({@code "} string, {@code 0} number, <code>{</code> object,
 * {@code [} array, {@code t}/{@code f} boolean, {@code n} null). Nested values are checked, not
 * kept. A repeated key keeps its last value, as Go's encoding/json does.
 */
final class JsonObject {
  private final Map<String, String> strings = new HashMap<>();
  private final Map<String, Character> kinds = new HashMap<>();

  void put(String key, char kind, String string) {
    kinds.put(key, kind);
    if (string == null) {
      strings.remove(key);
    } else {
      strings.put(key, string);
    }
  }

  boolean has(String key) {
    return kinds.containsKey(key);
  }

  /** The kind of the key's value, or 0 when the key is absent. */
  char kind(String key) {
    Character kind = kinds.get(key);
    return kind == null ? 0 : kind;
  }

  /** The key's value when it is a string, else null. */
  String string(String key) {
    return strings.get(key);
  }
}
