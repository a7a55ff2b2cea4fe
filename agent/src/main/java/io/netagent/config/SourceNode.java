package io.netagent.config;

import java.util.LinkedHashMap;
import java.util.List;

/** A parsed configuration document in which every value remembers where it was written. */
sealed interface SourceNode permits SourceNode.MapNode, SourceNode.ListNode, SourceNode.ScalarNode {

  Location location();

  /** What kind of value this is, in words, for "must be X, not Y" messages. */
  String describe();

  /** A mapping, keys in file order. */
  record MapNode(Location location, LinkedHashMap<String, Entry> entries) implements SourceNode {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping with the place the key was written. */
  record Entry(Location keyLocation, SourceNode value) {}

  record ListNode(Location location, List<SourceNode> items) implements SourceNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar with its text as written and the type the parser gave it. */
  record ScalarNode(Location location, ScalarType type, String text) implements SourceNode {
    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "a string (\"" + text + "\")";
        case INTEGER -> "an integer (" + text + ")";
        case FLOAT -> "a number (" + text + ")";
        case BOOLEAN -> "a boolean (" + text + ")";
        case NULL -> "empty";
      };
    }
  }

  /** Scalar types as YAML and JSON parsers resolve them. */
  enum ScalarType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }
}
