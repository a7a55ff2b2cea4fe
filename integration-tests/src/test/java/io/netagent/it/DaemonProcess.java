package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code netagent run} process the test started, whose output is read continuously into a list
 * of lines: the daemon tests wait for its log lines, signal it and kill it by its pid.
 */
final class DaemonProcess {
  static final Duration BOUND = Duration.ofSeconds(60);
  private static final Pattern REPAIRED = Pattern.compile("drift repaired \\(([^,]+), (\\d+) ms[^)]*\\): (.*)");

  /** One "drift repaired (REASON, N ms): ..." line. */
  record Repair(String reason, long millis, String text) {}

  final Process process;
  final long pid;
  private final List<String> lines = new ArrayList<>();
  private final Thread err;
  private final Thread out;

  /**
   * Starts {@code netagent run -c CONFIG ARGS} in the lab's host namespace and waits for its
   * "ready:" line; the caller stops it (by its pid) with {@link #kill}.
   */
  static DaemonProcess start(Agent agent, Path config, String... args) {
    List<String> command = new ArrayList<>(List.of("run", "-c", config.toString()));
    command.addAll(List.of(args));
    DaemonProcess daemon = new DaemonProcess(agent.start(command.toArray(String[]::new)));
    daemon.await("ready: ", 0);
    return daemon;
  }

  DaemonProcess(Process process) {
    this.process = process;
    this.pid = process.pid();
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    err = reader(process.getErrorStream(), true);
    out = reader(process.getInputStream(), false);
  }

  private Thread reader(InputStream in, boolean keep) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (lines) {
            lines.add(keep ? line : "stdout: " + line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "netagent-run-" + pid + (keep ? "-stderr" : "-stdout"));
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until both output streams are read to their end (after the process exited). */
  void readers() throws InterruptedException {
    err.join(BOUND.toMillis());
    out.join(BOUND.toMillis());
  }

  int mark() {
    synchronized (lines) {
      return lines.size();
    }
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  List<String> linesSince(int from) {
    synchronized (lines) {
      return List.copyOf(lines.subList(from, lines.size()));
    }
  }

  String log() {
    return "netagent run (pid " + pid + ") said:\n" + String.join("\n", lines());
  }

  /** The first line from index {@code from} on that contains {@code text}, waiting up to the bound. */
  String await(String text, int from) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    synchronized (lines) {
      int i = from;
      while (true) {
        for (; i < lines.size(); i++) {
          if (lines.get(i).contains(text)) {
            return lines.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !err.isAlive())) {
          throw new AssertionError("no line containing \"" + text + "\" within " + BOUND.toSeconds() + " s (alive: " + process.isAlive()
              + ")\n" + log());
        }
        try {
          lines.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** The first "drift repaired" line from index {@code from} on. */
  Repair awaitRepair(int from) {
    String line = await("drift repaired (", from);
    Matcher m = REPAIRED.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return new Repair(m.group(1), Long.parseLong(m.group(2)), m.group(3));
  }

  /** Sends a signal to the java process this test started (env and nsenter exec it, so the pid is its own). */
  void signal(String name) {
    Sh.ok("kill", "-" + name, String.valueOf(pid));
  }

  void sigkill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL to this pid
    assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("dies on SIGKILL").isTrue();
    assertThat(process.exitValue()).isEqualTo(128 + 9);
  }

  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.out.println("DaemonProcess " + log());
  }
}
