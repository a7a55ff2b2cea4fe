package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs a command from a test (ip, nft, ping, ...), with a generous bound against hangs. */
final class Sh {
  private static final Path HERE = Path.of(".").toAbsolutePath();

  private Sh() {}

  static Processes.Result run(String... command) {
    try {
      return Processes.run(HERE, List.of(command));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + String.join(" ", command), e);
    }
  }

  /** Runs the command and asserts it succeeded; returns what it printed. */
  static String ok(String... command) {
    Processes.Result r = run(command);
    assertThat(r.code()).as("%s\nstdout: %s\nstderr: %s", String.join(" ", command), r.out(), r.err()).isZero();
    return r.out();
  }
}
