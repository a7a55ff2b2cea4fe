package io.netagent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.report.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One response of the API: status, content type, body, and any extra headers.
 *
 * @param headers extra response headers, such as {@code Allow} on a 405
 */
record Reply(int status, String contentType, String body, Map<String, String> headers) {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  static Reply json(int status, JsonNode document) {
    try {
      return new Reply(status, JSON, Json.PRETTY.writeValueAsString(document) + "\n", Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  static Reply text(int status, String text) {
    return new Reply(status, TEXT, text, Map.of());
  }

  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, Map.copyOf(more));
  }
}
