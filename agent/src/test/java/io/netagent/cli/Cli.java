package io.netagent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the command line in this process, capturing what it prints. Commands see no installed
 * configuration (a path that does not exist stands for /etc/netagent/netagent.yaml), unless a
 * test gives one: what they do must not depend on the machine the tests run on.
 */
final class Cli {
  /** Where no installed configuration is: a file never created in an empty directory of this run. */
  static final Path NOT_INSTALLED;

  static {
    try {
      Path dir = Files.createTempDirectory("netagent-cli-");
      dir.toFile().deleteOnExit();
      NOT_INSTALLED = dir.resolve("netagent.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Cli() {}

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    return runInstalled(NOT_INSTALLED, args);
  }

  /** Runs with {@code installed} standing for /etc/netagent/netagent.yaml. */
  static Result runInstalled(Path installed, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), installed);
    return new Result(code, out.toString(), err.toString());
  }
}
