package io.netagent.config;

import io.netagent.config.SourceNode.Entry;
import io.netagent.config.SourceNode.ListNode;
import io.netagent.config.SourceNode.MapNode;
import io.netagent.config.SourceNode.ScalarNode;
import io.netagent.config.SourceNode.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Typed access to the keys of one configuration object. Reports, without stopping, every key
 * the object does not know, every value of the wrong type and every missing required key;
 * a getter then returns empty for that key.
 */
final class Fields {
  private final MapNode node;
  private final String path;
  private final String kind;
  private final Problems problems;

  private Fields(MapNode node, String path, String kind, Problems problems) {
    this.node = node;
    this.path = path;
    this.kind = kind;
    this.problems = problems;
  }

  /** The object at {@code source}, or empty (with a problem recorded) if it is not a mapping. */
  static Optional<Fields> of(SourceNode source, String path, String kind, Set<String> known, Problems problems) {
    if (!(source instanceof MapNode map)) {
      problems.add(source.location(), path, kind + " must be a mapping, not " + source.describe());
      return Optional.empty();
    }
    Fields fields = new Fields(map, path, kind, problems);
    map.entries().forEach((key, entry) -> {
      if (!known.contains(key)) {
        problems.add(entry.keyLocation(), fields.pathOf(key),
            "unknown key \"" + key + "\" in " + kind + " (known keys: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    });
    return Optional.of(fields);
  }

  Location location() {
    return node.location();
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** True when the key is written with a value; {@code key:} with nothing after it means the default. */
  boolean has(String key) {
    Entry entry = node.entries().get(key);
    return entry != null && !isNull(entry.value());
  }

  /** The key's scalar text if it has one, without reporting anything (for looking ahead). */
  Optional<String> peekString(String key) {
    Entry entry = node.entries().get(key);
    return entry != null && entry.value() instanceof ScalarNode s && s.type() == ScalarType.STRING
        ? Optional.of(s.text()) : Optional.empty();
  }

  Optional<Value<String>> string(String key, boolean required) {
    return string(key, required, "");
  }

  /** As {@link #string(String, boolean)}, with {@code alternative} after the key in the missing-key message. */
  Optional<Value<String>> string(String key, boolean required, String alternative) {
    return scalar(key, required, alternative, "a string", t -> t != ScalarType.NULL && t != ScalarType.BOOLEAN);
  }

  /** Where the key's value is written, when it is written with one. */
  Optional<Location> valueLocation(String key) {
    return has(key) ? Optional.of(node.entries().get(key).value().location()) : Optional.empty();
  }

  /**
   * A decimal integer. YAML 1.1 also reads 0x5dc, 0o17, 017 (octal!) and 1_500 as integers;
   * for ports and MTUs those are more likely slips than intent, so they are refused.
   */
  Optional<Value<Integer>> integer(String key, boolean required) {
    return scalar(key, required, "", "an integer", t -> t == ScalarType.INTEGER).flatMap(v -> {
      if (!v.value().matches("-?(0|[1-9][0-9]*)")) {
        problems.add(v.location(), v.path(), key + " must be a decimal integer without leading zeros, not " + v.value());
        return Optional.empty();
      }
      try {
        return Optional.of(new Value<>(Integer.parseInt(v.value()), v.location(), v.path()));
      } catch (NumberFormatException e) {
        problems.add(v.location(), v.path(), key + " must be an integer that fits 32 bits, not " + v.value());
        return Optional.empty();
      }
    });
  }

  Optional<Value<Boolean>> bool(String key, boolean required) {
    return scalar(key, required, "", "true or false", t -> t == ScalarType.BOOLEAN)
        .map(v -> new Value<>(Boolean.parseBoolean(v.value()), v.location(), v.path()));
  }

  /** The mappings of a list-valued key, each checked against {@code known}. */
  List<Fields> objects(String key, String itemKind, Set<String> known, boolean required) {
    Optional<Entry> entry = entry(key, required, "");
    List<Fields> result = new ArrayList<>();
    if (entry.isEmpty() || isNull(entry.get().value()) && !required) {
      return result;
    }
    SourceNode value = entry.get().value();
    if (!(value instanceof ListNode list)) {
      problems.add(value.location(), pathOf(key), key + " must be a list, not " + value.describe());
      return result;
    }
    for (int i = 0; i < list.items().size(); i++) {
      Fields.of(list.items().get(i), pathOf(key) + "[" + i + "]", itemKind, known, problems).ifPresent(result::add);
    }
    return result;
  }

  private Optional<Value<String>> scalar(String key, boolean required, String alternative, String expected, Predicate<ScalarType> accepts) {
    Optional<Entry> entry = entry(key, required, alternative);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    SourceNode value = entry.get().value();
    if (isNull(value) && !required) {
      return Optional.empty();
    }
    if (!(value instanceof ScalarNode scalar) || !accepts.test(scalar.type())) {
      problems.add(value.location(), pathOf(key), key + " must be " + expected + ", not " + value.describe());
      return Optional.empty();
    }
    return Optional.of(new Value<>(scalar.text(), scalar.location(), pathOf(key)));
  }

  private Optional<Entry> entry(String key, boolean required, String alternative) {
    Entry entry = node.entries().get(key);
    if (entry == null && required) {
      problems.add(node.location(), path, kind + " is missing required key \"" + key + "\"" + alternative);
    }
    return Optional.ofNullable(entry);
  }

  private static boolean isNull(SourceNode node) {
    return node instanceof ScalarNode s && s.type() == ScalarType.NULL;
  }
}
