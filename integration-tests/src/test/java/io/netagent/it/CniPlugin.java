package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The netagent CNI plugin run as a runtime runs it: the executable the build made
 * ({@code cni-shim/target/netagent-cni}), installed as {@code netagent} in a plugin directory of
 * the test's, as a process with only the CNI environment ({@code CNI_COMMAND},
 * {@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME}, {@code CNI_ARGS},
 * {@code CNI_PATH}, plus {@code PATH}) and the network configuration on stdin. Every answer's
 * stdout must be empty or exactly one JSON document: nothing else may ever reach it, since the
 * runtime parses it.
 */
final class CniPlugin {
  static final List<String> VERSIONS = List.of("0.4.0", "1.0.0", "1.1.0");
  /** The plugin executable as the build made it. */
  static final Path EXECUTABLE = Path.of(System.getProperty("netagent.cni.bin")).toAbsolutePath().normalize();
  /** Debian's containernetworking-plugins (the reference plugins). */
  static final Path REFERENCE_PLUGINS = Path.of("/usr/lib/cni");
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** What one run printed: its exit code, its stdout parsed (null when empty), its raw stderr. */
  record Answer(int code, JsonNode json, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }

    /** Asserts a success; returns stdout's document (null when empty). */
    JsonNode ok() {
      assertThat(code).as("%s", this).isZero();
      return json;
    }

    /** Asserts a CNI error object (exit 1, cniVersion, code, msg) with {@code expected} code; returns its msg and details. */
    String error(int expected) {
      assertThat(code).as("exit code of a failure: %s", this).isEqualTo(1);
      assertThat(json).as("an error object on stdout: %s", this).isNotNull();
      assertThat(json.path("code").asInt()).as("CNI error code: %s", this).isEqualTo(expected);
      assertThat(json.path("cniVersion").isTextual()).as("cniVersion in %s", this).isTrue();
      assertThat(json.path("msg").asText()).as("msg in %s", this).isNotBlank();
      return json.path("msg").asText() + " | " + json.path("details").asText();
    }
  }

  /** A configuration on stdin and the environment of one call. */
  static final class Call {
    final Map<String, String> env = new LinkedHashMap<>();
    String stdin;

    Call(String command) {
      if (command != null) {
        env.put("CNI_COMMAND", command);
      }
      env.put("CNI_PATH", REFERENCE_PLUGINS.toString());
    }

    Call container(String containerId, String netns, String ifname) {
      env.put("CNI_CONTAINERID", containerId);
      env.put("CNI_NETNS", netns);
      env.put("CNI_IFNAME", ifname);
      return this;
    }

    Call env(String name, String value) {
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
      return this;
    }

    Call stdin(String text) {
      stdin = text;
      return this;
    }

    Call stdin(JsonNode config) {
      return stdin(config.toString());
    }
  }

  private final Path bin;

  /** Installs the plugin as {@code netagent} (mode 0755) in {@code dir}/cni-bin, a plugin directory of the test's. */
  CniPlugin(Path dir) {
    assertThat(EXECUTABLE).as("the CNI plugin executable (./mvnw compile -pl cni-shim)").isExecutable();
    bin = dir.resolve("cni-bin");
    try {
      Files.createDirectories(bin);
      Files.copy(EXECUTABLE, bin.resolve("netagent"), StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(bin.resolve("netagent"), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plugin directory holding the plugin as {@code netagent}, for a runtime's configuration. */
  Path bin() {
    return bin;
  }

  /** A network configuration for the netagent plugin: {@code network} of the daemon whose socket and data directory are given. */
  static ObjectNode config(String cniVersion, String network, Agent agent) {
    ObjectNode config = JSON.createObjectNode();
    config.put("cniVersion", cniVersion);
    config.put("name", "netagent");
    config.put("type", "netagent");
    config.put("network", network);
    config.put("socket", agent.stateDir().resolve("netagent.sock").toString());
    config.put("dataDir", agent.dataDir().toString());
    return config;
  }

  /** Runs the netagent plugin. */
  Answer run(Call call) {
    return exec(bin.resolve("netagent"), new LinkedHashMap<>(call.env), call.stdin);
  }

  /** Runs a reference plugin of {@code /usr/lib/cni} ({@code tuning}, ...) as a runtime chains it. */
  static Answer reference(String type, Call call) {
    return exec(REFERENCE_PLUGINS.resolve(type), new LinkedHashMap<>(call.env), call.stdin);
  }

  private static Answer exec(Path executable, Map<String, String> env, String stdin) {
    env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    Processes.Result r;
    try {
      r = Processes.run(Path.of("/"), List.of(executable.toString()), env, stdin == null ? "" : stdin);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + executable + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Answer(r.code(), oneDocument(executable, r), r.out(), r.err());
  }

  /** stdout as exactly one JSON document, or null when it is empty: anything else fails the test. */
  private static JsonNode oneDocument(Path executable, Processes.Result r) {
    if (r.out().isBlank()) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(r.out())) {
      JsonNode doc = JSON.readTree(parser);
      assertThat(parser.nextToken()).as("%s printed more than one JSON document on stdout:\n%s\nstderr: %s", executable, r.out(), r.err()).isNull();
      return doc;
    } catch (IOException e) {
      throw new AssertionError(executable + " printed something on stdout that is not one JSON document:\n" + r.out() + "\nstderr: " + r.err(), e);
    }
  }
}
