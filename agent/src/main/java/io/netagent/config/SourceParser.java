package io.netagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netagent.config.SourceNode.Entry;
import io.netagent.config.SourceNode.ListNode;
import io.netagent.config.SourceNode.MapNode;
import io.netagent.config.SourceNode.ScalarNode;
import io.netagent.config.SourceNode.ScalarType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Turns YAML or JSON text into a {@link SourceNode} tree with Jackson's streaming parser, keeping
 * the line and column of every key and value so that later checks can point at them.
 */
final class SourceParser {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();

  private final JsonParser parser;
  private final Problems problems;

  private SourceParser(JsonParser parser, Problems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /** The document's root, or empty when the text is empty or not well-formed (then a problem is recorded). */
  static Optional<SourceNode> parse(String text, boolean json, Problems problems) {
    try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
      SourceParser reader = new SourceParser(parser, problems);
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(Location.FILE, "", "the file is empty; declare at least \"networks: []\"");
        return Optional.empty();
      }
      SourceNode root = reader.value(first, "");
      if (root instanceof ScalarNode s && s.type() == ScalarType.NULL) {
        problems.add(Location.FILE, "", "the file is empty; declare at least \"networks: []\"");
        return Optional.empty();
      }
      if (parser.nextToken() != null) {
        problems.add(reader.here(), "", "only one document is allowed in a configuration file");
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      Location location = where == null ? Location.FILE : new Location(where.getLineNr(), where.getColumnNr());
      problems.add(location, "", "not valid " + (json ? "JSON" : "YAML") + ": " + syntaxMessage(e));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(Location.FILE, "", "cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Location here() {
    JsonLocation l = parser.currentTokenLocation();
    return new Location(l.getLineNr(), l.getColumnNr());
  }

  private SourceNode value(JsonToken token, String path) throws IOException {
    Location location = here();
    switch (token) {
      case START_OBJECT:
        return map(location, path);
      case START_ARRAY:
        List<SourceNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(value(t, path + "[" + items.size() + "]"));
        }
        return new ListNode(location, items);
      case VALUE_STRING:
        return new ScalarNode(location, ScalarType.STRING, parser.getText());
      case VALUE_NUMBER_INT:
        return new ScalarNode(location, ScalarType.INTEGER, parser.getText());
      case VALUE_NUMBER_FLOAT:
        return new ScalarNode(location, ScalarType.FLOAT, parser.getText());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new ScalarNode(location, ScalarType.BOOLEAN, String.valueOf(token == JsonToken.VALUE_TRUE));
      case VALUE_NULL:
        return new ScalarNode(location, ScalarType.NULL, "");
      default:
        throw new IllegalStateException("unexpected token " + token + " at " + location);
    }
  }

  private MapNode map(Location location, String path) throws IOException {
    LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
      String key = parser.currentName();
      Location keyLocation = here();
      String childPath = path.isEmpty() ? key : path + "." + key;
      SourceNode child = value(parser.nextToken(), childPath);
      Entry first = entries.get(key);
      if (first != null) {
        problems.add(keyLocation, childPath, "duplicate key \"" + key + "\" (first at line " + first.keyLocation().line() + ")");
      } else {
        entries.put(key, new Entry(keyLocation, child));
      }
    }
    return new MapNode(location, entries);
  }

  /**
   * The parser's complaint without the source excerpt SnakeYAML appends (the location is
   * reported separately).
   */
  private static String syntaxMessage(JsonProcessingException e) {
    // Jackson may append where it read from ("[Source: ...]"); the location is reported apart.
    String message = e.getOriginalMessage().replaceAll("(?s)\\s*\\[Source: .*", "");
    List<String> kept = new ArrayList<>();
    for (String line : message.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("in '") || trimmed.equals("^") || line.startsWith("    ")) {
        continue;
      }
      kept.add(trimmed);
    }
    return String.join(": ", kept);
  }
}
