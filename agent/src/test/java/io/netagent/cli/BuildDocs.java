package io.netagent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes the bash completion script and the man pages from picocli's model of {@link Main}, run by
 * the build (agent/pom.xml, prepare-package) so that neither can drift from {@code --help}:
 * {@code completion/netagent} and {@code man/netagent.8}, {@code man/netagent-COMMAND.8} under the
 * given directory. It lives with the tests, so it is not in the runtime jar.
 */
public final class BuildDocs {
  private BuildDocs() {}

  /** Arguments: the output directory (agent/target), netagent's version, the build's timestamp (ISO 8601). */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: BuildDocs OUTPUT-DIR VERSION TIMESTAMP");
    }
    write(Path.of(args[0]), args[1], args[2].substring(0, "YYYY-MM-DD".length()));
  }

  /** Writes the completion script and one page per documented command under {@code target}. */
  static void write(Path target, String version, String date) throws IOException {
    CommandLine root = new CommandLine(new Main());
    Path completion = Files.createDirectories(target.resolve("completion")).resolve("netagent");
    // Sourced by bash, never run: Debian's policy (lintian bash-completion-with-hashbang) wants no "#!" line.
    String script = AutoComplete.bash("netagent", root).replaceFirst("\\A#![^\n]*\n", "");
    Files.writeString(completion, script, StandardCharsets.UTF_8);
    Path man = Files.createDirectories(target.resolve("man"));
    // A page of a command renamed or removed since the last build must not be packaged.
    try (var old = Files.newDirectoryStream(man, "*.8")) {
      for (Path page : old) {
        Files.delete(page);
      }
    }
    for (CommandSpec spec : ManPage.documented(root)) {
      Files.writeString(man.resolve(ManPage.fileName(spec)), ManPage.render(spec, version, date), StandardCharsets.UTF_8);
    }
  }
}
