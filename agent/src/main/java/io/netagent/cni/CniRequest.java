package io.netagent.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * What the plugin executable forwards of one CNI call: the CNI_* environment and the network
 * configuration from stdin. The body of {@code POST /cni} is
 * {@code {"command", "containerId", "netns", "ifname", "args", "path", "config": {...}}}, each
 * environment value a string or null.
 */
public record CniRequest(String command, Optional<String> containerId, Optional<String> netns, Optional<String> ifname,
    Optional<String> args, JsonNode config) {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The spec versions netagent speaks; a configuration naming another is refused (code 1). */
  public static final List<String> VERSIONS = List.of("0.4.0", "1.0.0", "1.1.0");

  /**
   * Reads a forwarded call.
   *
   * @throws CniException code 6 for a body that is not such an object, 4 for an unknown command
   */
  public static CniRequest parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new CniException(CniError.DECODING_FAILURE, "the request is not JSON", e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("config").isObject()) {
      throw new CniException(CniError.DECODING_FAILURE, "the request must be a JSON object with the network configuration in \"config\"", "");
    }
    String command = root.path("command").asText("");
    if (!List.of("ADD", "DEL", "CHECK", "STATUS", "GC").contains(command)) {
      throw new CniException(CniError.INVALID_ENVIRONMENT, "CNI_COMMAND must be ADD, DEL, CHECK, STATUS or GC, not \"" + command + "\"", "");
    }
    return new CniRequest(command, text(root, "containerId"), text(root, "netns"), text(root, "ifname"), text(root, "args"),
        root.get("config"));
  }

  private static Optional<String> text(JsonNode root, String key) {
    JsonNode value = root.get(key);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** The configuration's cniVersion, as long as it is one netagent speaks. */
  public String version() {
    return config.path("cniVersion").asText("");
  }

  /** The network configuration's name (the CNI network, not necessarily netagent's). */
  public String networkName() {
    return config.path("name").asText("");
  }

  /**
   * An environment variable the command needs.
   *
   * @throws CniException code 4 naming it
   */
  public String require(Optional<String> value, String variable) {
    return value.orElseThrow(() -> new CniException(CniError.INVALID_ENVIRONMENT, variable + " is required for " + command, ""));
  }
}
