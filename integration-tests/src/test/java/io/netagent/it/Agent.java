package io.netagent.it;

import io.netagent.api.ApiClient;
import io.netagent.api.ApiSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged netagent run as a separate process inside a lab's host namespace:
 * {@code nsenter --net=/run/netns/HOST java -jar netagent.jar ARGS}. nsenter moves only the
 * network namespace (unlike {@code ip netns exec}, which also unshares the mount namespace), so
 * namespaces netagent creates under /run/netns are visible to the test.
 */
final class Agent {
  static final Path JAR = Path.of(System.getProperty("netagent.jar"));

  private final Lab lab;

  Agent(Lab lab) {
    this.lab = lab;
  }

  List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("env", "NETAGENT_STATE_DIR=" + stateDir(), "NETAGENT_DATA_DIR=" + dataDir(), "nsenter", "--net=/run/netns/" + lab.host,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  Processes.Result run(String... args) {
    return Sh.run(command(args).toArray(String[]::new));
  }

  /** netagent's state directory for this lab, so labs running at once never wait for each other's lock. */
  Path stateDir() {
    return Path.of("/run/netagent-" + lab.id);
  }

  /** Where this lab's daemon keeps its attachments (NETAGENT_DATA_DIR): inside the state directory, so it goes with it. */
  Path dataDir() {
    return stateDir().resolve("data");
  }

  /** A client of the live API of this lab's daemon (the socket in the state directory). */
  ApiClient api() {
    return new ApiClient(ApiSocket.path(stateDir()));
  }

  /** Runs and asserts exit code 0; returns stdout. */
  String ok(String... args) {
    Processes.Result r = run(args);
    if (r.code() != 0) {
      throw new AssertionError("netagent " + String.join(" ", args) + " exited " + r.code() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
    }
    return r.out();
  }

  /** Starts netagent without waiting (for tests that pause or kill it). */
  Process start(String... args) {
    try {
      return new ProcessBuilder(command(args)).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON plan of {@code config} against the live kernel. */
  com.fasterxml.jackson.databind.JsonNode plan(Path config) {
    return Lab.json(ok("plan", "--kernel", "live", "-c", config.toString(), "-o", "json"));
  }
}
