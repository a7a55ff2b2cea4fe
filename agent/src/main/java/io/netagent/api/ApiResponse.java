package io.netagent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.report.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One answer of the API as the client read it.
 *
 * @param headers by lower-case name (HTTP names are case-insensitive)
 */
public record ApiResponse(int status, Map<String, String> headers, String body) {
  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The body as JSON. */
  public JsonNode json() {
    try {
      return Json.PRETTY.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiProtocolException("the daemon answered " + status + " with a body that is not JSON: " + e.getOriginalMessage());
    }
  }
}
