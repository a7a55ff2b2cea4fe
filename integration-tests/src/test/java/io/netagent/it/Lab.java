package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway network lab: a "host" namespace that stands in for the machine (netagent runs
 * there), and any number of namespaces for containers and clients, all with names unique to
 * this lab. Closing it stops the processes it started (by their pid) and deletes every
 * namespace whose name starts with the lab's id, including those netagent created. Nothing
 * outside the lab's namespaces is ever touched.
 */
final class Lab implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A short unique prefix: namespace names and interface names (at most 15 bytes) are built from it. */
  final String id;
  /** The namespace netagent treats as the host. */
  final String host;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();

  Lab() {
    requireRoot();
    StringBuilder sb = new StringBuilder("na");
    for (int i = 0; i < 4; i++) {
      sb.append("abcdefghijkmnpqrstuvwxyz23456789".charAt(RANDOM.nextInt(32)));
    }
    id = sb.toString();
    host = id + "h";
    Sh.ok("ip", "netns", "add", host);
    Sh.ok("ip", "-n", host, "link", "set", "lo", "up");
  }

  /**
   * Connects from namespace {@code ns} to {@code host:port} over TCP (socat) until the answer
   * contains {@code expected}, within {@link DaemonProcess#BOUND} (a bound against hangs).
   *
   * @param what the server, for the failure message
   */
  void awaitTcpAnswer(String ns, String host, int port, String expected, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DaemonProcess.BOUND.toNanos();
    Processes.Result r;
    do {
      r = in(ns, "socat", "-t", "5", "-T", "5", "-", "TCP:" + host + ":" + port + ",connect-timeout=5");
      if (r.out().contains(expected)) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("port " + port + " on " + host + " does not reach " + what + " from " + ns + ": " + r);
  }

  /** Kernel tests need root; without it they fail, never skip. */
  static void requireRoot() {
    try {
      assertThat(Processes.uid()).as("kernel tests run as root (CI runs them as root through .ci/run)").isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name of a namespace of this lab (not created). */
  String ns(String suffix) {
    return id + suffix;
  }

  /** Creates a namespace of this lab with its loopback up, as a container runtime would. */
  String addNs(String suffix) {
    String name = ns(suffix);
    Sh.ok("ip", "netns", "add", name);
    Sh.ok("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  /** Runs a command in a namespace of the lab. */
  Processes.Result in(String ns, String... command) {
    return Sh.run(prepend(List.of("ip", "netns", "exec", ns), command));
  }

  /** Runs a command in a namespace of the lab and asserts it succeeded. */
  String ok(String ns, String... command) {
    return Sh.ok(prepend(List.of("ip", "netns", "exec", ns), command));
  }

  /** Starts a long-running command (a server) in a namespace; it is stopped when the lab closes. */
  Process spawn(String ns, String... command) {
    try {
      Process p = new ProcessBuilder(prepend(List.of("ip", "netns", "exec", ns), command)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ip -j -n NS ARGS}, parsed. */
  JsonNode ip(String ns, String... args) {
    return json(Sh.ok(prepend(List.of("ip", "-j", "-n", ns), args)));
  }

  /** {@code ip netns exec NS nft -j ARGS}, parsed. */
  JsonNode nft(String ns, String... args) {
    return json(ok(ns, prepend(List.of("nft", "-j"), args)));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.isBlank() ? "[]" : text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** Writes a configuration file for this lab; deleted on close. */
  Path config(String yaml) {
    try {
      Path file = Files.createTempFile("netagent-" + id + "-", ".yaml");
      Files.writeString(file, yaml);
      files.add(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The namespaces of this lab that exist now. */
  List<String> namespaces() {
    List<String> result = new ArrayList<>();
    for (String line : Sh.ok("ip", "netns", "list").split("\n")) {
      String name = line.split(" ")[0].trim();
      if (name.startsWith(id)) {
        result.add(name);
      }
    }
    return result;
  }

  private static String[] prepend(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : namespaces()) {
      Sh.run("ip", "netns", "del", ns);
    }
    Sh.run("rm", "-rf", "/run/netagent-" + id);
    files.forEach(f -> f.toFile().delete());
    assertThat(namespaces()).as("namespaces of lab %s left behind", id).isEmpty();
  }
}
