package io.netagent.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The checkpoint record as JSON, and back. Reading checks every field and says which one is
 * wrong: a damaged record must never be taken for "nothing to roll back".
 */
final class CheckpointJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointJson() {}

  static byte[] write(Checkpoint checkpoint) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    checkpoint.confirmed().ifPresent(c -> root.set("confirmed", configuration(c)));
    checkpoint.pending().ifPresent(p -> {
      ObjectNode pending = root.putObject("pending");
      pending.set("change", configuration(p.change()));
      pending.put("deadline", p.deadline().toString());
      pending.put("origin", p.origin());
      pending.put("state", p.state().name().toLowerCase(Locale.ROOT));
      ObjectNode waiter = pending.putObject("waiter");
      waiter.put("pid", p.waiter().pid());
      waiter.put("started", p.waiter().started());
      waiter.put("boot", p.waiter().boot());
    });
    checkpoint.last().ifPresent(o -> {
      ObjectNode last = root.putObject("last");
      last.put("confirmed", o.confirmed());
      last.put("change", o.change());
      last.put("at", o.at().toString());
      last.put("how", o.how());
      last.put("to", o.to());
    });
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  private static ObjectNode configuration(Checkpoint.Configuration c) {
    ObjectNode node = JSON.createObjectNode();
    node.put("source", c.source());
    node.put("at", c.at().toString());
    node.put("text", c.text());
    return node;
  }

  /**
   * The record in {@code bytes}.
   *
   * @throws IOException saying what is wrong with it (not JSON, a field missing or of the wrong kind)
   */
  static Checkpoint read(byte[] bytes) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException("not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    Optional<Checkpoint.Configuration> confirmed = optional(root, "confirmed").isEmpty() ? Optional.empty()
        : Optional.of(configuration(object(root, "confirmed"), "confirmed"));
    Optional<Checkpoint.Pending> pending = Optional.empty();
    if (optional(root, "pending").isPresent()) {
      JsonNode p = object(root, "pending");
      JsonNode w = object(p, "pending.waiter");
      JsonNode pid = w.get("pid");
      if (pid == null || !pid.canConvertToLong()) {
        throw new IOException("pending.waiter.pid is not a number");
      }
      Checkpoint.State state;
      try {
        state = Checkpoint.State.valueOf(text(p, "state", "pending").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException("pending.state is not one of waiting, rollback_requested, rolling_back");
      }
      pending = Optional.of(new Checkpoint.Pending(configuration(object(p, "pending.change"), "pending.change"),
          instant(p, "deadline", "pending"), new Waiter(pid.asLong(), text(w, "started", "pending.waiter"), text(w, "boot", "pending.waiter")),
          text(p, "origin", "pending"), state));
    }
    Optional<Checkpoint.Outcome> last = Optional.empty();
    if (optional(root, "last").isPresent()) {
      JsonNode o = object(root, "last");
      JsonNode done = o.get("confirmed");
      if (done == null || !done.isBoolean()) {
        throw new IOException("last.confirmed is not true or false");
      }
      last = Optional.of(new Checkpoint.Outcome(done.asBoolean(), text(o, "change", "last"), instant(o, "at", "last"), text(o, "how", "last"),
          text(o, "to", "last")));
    }
    return new Checkpoint(confirmed, pending, last);
  }

  private static Optional<JsonNode> optional(JsonNode node, String key) {
    return Optional.ofNullable(node.get(key)).filter(n -> !n.isNull());
  }

  /** {@code node}'s object at the last part of the dotted {@code path}. */
  private static JsonNode object(JsonNode node, String path) throws IOException {
    JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
    if (value == null || !value.isObject()) {
      throw new IOException(path + " is not an object");
    }
    return value;
  }

  private static Checkpoint.Configuration configuration(JsonNode node, String path) throws IOException {
    return new Checkpoint.Configuration(text(node, "source", path), text(node, "text", path), instant(node, "at", path));
  }

  private static String text(JsonNode node, String key, String path) throws IOException {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw new IOException(path + "." + key + " is not a string");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String key, String path) throws IOException {
    String value = text(node, key, path);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IOException(path + "." + key + " is not a time (\"" + value + "\")");
    }
  }
}
