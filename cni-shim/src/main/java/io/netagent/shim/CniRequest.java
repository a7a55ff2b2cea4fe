package io.netagent.shim;

import java.util.Map;

/**
 * One CNI call as the shim forwards it: the command and the CNI environment variables, and the
 * network configuration from stdin. {@link #body()} is the body of {@code POST /cni}:
 *
 * <pre>
 * {"command":"ADD|DEL|CHECK|STATUS|GC","containerId":...,"netns":...,"ifname":...,"args":...,
 *  "path":...,"config":{the stdin object, as it came}}
 * </pre>
 *
 * Each environment value is a JSON string, or null when the variable is unset.
 */
final class CniRequest {
  static final String DEFAULT_SOCKET = "/run/netagent/netagent.sock";
  static final String DEFAULT_DATA_DIR = "/var/lib/netagent";

  private final String command;
  private final Map<String, String> env;
  private final String configText;
  private final JsonObject config;

  CniRequest(String command, Map<String, String> env, String configText, JsonObject config) {
    this.command = command;
    this.env = env;
    this.configText = configText;
    this.config = config;
  }

  String command() {
    return command;
  }

  String containerId() {
    return env.get("CNI_CONTAINERID");
  }

  String ifname() {
    return env.get("CNI_IFNAME");
  }

  /** The network's name, the configuration's {@code name}. */
  String network() {
    return config.string("name");
  }

  /** The daemon's socket: the configuration's {@code socket}, else the daemon's default. */
  String socket() {
    return setting("socket", DEFAULT_SOCKET);
  }

  /** netagent's data directory: the configuration's {@code dataDir}, else the daemon's default. */
  String dataDir() {
    return setting("dataDir", DEFAULT_DATA_DIR);
  }

  private String setting(String key, String fallback) {
    if (!config.has(key)) {
      return fallback;
    }
    String value = config.string(key);
    if (value == null || value.isEmpty() || value.indexOf('\0') >= 0) {
      throw new CniError(CniError.INVALID_CONFIG, "the network configuration's \"" + key + "\" must be a path");
    }
    return value;
  }

  String body() {
    StringBuilder sb = new StringBuilder(configText.length() + 256).append("{\"command\":");
    Json.quote(sb, command);
    env(sb, "containerId", "CNI_CONTAINERID");
    env(sb, "netns", "CNI_NETNS");
    env(sb, "ifname", "CNI_IFNAME");
    env(sb, "args", "CNI_ARGS");
    env(sb, "path", "CNI_PATH");
    return sb.append(",\"config\":").append(configText.strip()).append('}').toString();
  }

  private void env(StringBuilder sb, String key, String variable) {
    sb.append(",\"").append(key).append("\":");
    Json.quote(sb, env.get(variable));
  }
}
