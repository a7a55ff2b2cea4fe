package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the build generates (BuildDocs), used as a user uses it: the completion script sourced and
 * run by bash, each man page rendered by man as lintian renders it, with warnings on.
 */
class BuildDocsTest {
  @TempDir
  static Path target;

  private static Path script;
  private static Path man;

  @BeforeAll
  static void generate() throws IOException {
    BuildDocs.write(target, "0.0.0-test", "2026-01-01");
    script = target.resolve("completion/netagent");
    man = target.resolve("man");
  }

  private record Result(int code, String out, String err) {}

  /** Runs {@code command} with exactly {@code env}; a generous bound catches a hang. */
  private static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(target, "out-", ".txt");
    Path err = Files.createTempFile(target, "err-", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    Process process = builder.start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish within 2 minutes: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Runs {@code shell} in a bash that has sourced the completion script and nothing else. */
  private static Result bash(String shell) throws IOException, InterruptedException {
    return run(Map.of("LC_ALL", "C.UTF-8"), "bash", "--norc", "--noprofile", "-c", "source \"$1\" || exit 99\n" + shell, "bash",
        script.toString());
  }

  /** What bash offers for the last word of {@code line}, as pressing TAB at its end would. */
  private static List<String> complete(String... words) throws IOException, InterruptedException {
    String line = String.join(" ", words);
    String array = Arrays.stream(words).map(w -> "'" + w + "'").collect(Collectors.joining(" "));
    Result r = bash("function=$(complete -p netagent | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')\n"
        + "COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
        + "\"$function\" netagent '" + words[words.length - 1] + "' '" + words[words.length - 2] + "' 2>/dev/null\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"");
    assertThat(r.code()).as("completing '%s': %s", line, r.err()).isZero();
    return r.out().lines().filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void sourcingTheScriptRegistersACompletionForNetagent() throws Exception {
    Result r = bash("complete -p netagent");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(" -F _complete_netagent ").endsWith(" netagent\n");
  }

  @Test
  void completesCommandsOptionsAndOptionValues() throws Exception {
    assertThat(complete("netagent", "pl")).containsExactly("plan");
    assertThat(complete("netagent", "apply", "--confir")).containsExactly("--confirm-within");
    assertThat(complete("netagent", "plan", "--kernel", "")).containsExactly("live", "fake");
  }

  @Test
  void offersNoHiddenCommandOrOption() throws Exception {
    assertThat(complete("netagent", "")).contains("plan", "apply", "run").doesNotContain("class-cache");
    assertThat(complete("netagent", "apply", "--")).contains("--probe", "--lock-timeout").doesNotContain("--pause-after", "--state-dir");
  }

  @Test
  void thereIsOnePagePerCommandThatHelpLists() throws Exception {
    Set<String> expected = new TreeSet<>(Set.of("netagent.8"));
    new CommandLine(new Main()).getSubcommands().forEach((name, command) -> {
      if (!command.getCommandSpec().usageMessage().hidden()) {
        expected.add("netagent-" + name + ".8");
      }
    });
    try (Stream<Path> pages = Files.list(man)) {
      Set<String> written = pages.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertThat(written).containsExactlyElementsOf(expected).contains("netagent-plan.8").doesNotContain("netagent-class-cache.8");
    }
  }

  /** lintian's check of a manual page (its manpages check): man with warnings on, output thrown away. */
  @Test
  void eachPageRendersWithoutWarnings() throws Exception {
    Map<String, String> env = Map.of("LC_ALL", "C.UTF-8", "MANROFFSEQ", "", "MANWIDTH", "80");
    try (Stream<Path> pages = Files.list(man)) {
      for (Path page : pages.sorted().toList()) {
        Result r = run(env, "man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page.toString());
        assertThat(r.code()).as("man -l %s: %s", page.getFileName(), r.err()).isZero();
        assertThat(r.err()).as("man -l %s", page.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void aPageSaysWhatHelpSaysAndNothingHidden() throws Exception {
    Result r = run(Map.of("LC_ALL", "C.UTF-8", "MANWIDTH", "200"), "man", "-l", man.resolve("netagent-apply.8").toString());
    assertThat(r.code()).as(r.err()).isZero();
    String page = r.out();
    assertThat(page).contains("netagent-apply - Make the live kernel match the configuration", "SYNOPSIS", "OPTIONS", "--confirm-within=DURATION",
        "EXIT STATUS", "SEE ALSO").doesNotContain("--pause-after", "--state-dir");
    assertThat(run(Map.of("LC_ALL", "C.UTF-8", "MANWIDTH", "200"), "man", "-l", man.resolve("netagent.8").toString()).out())
        .contains("FILES", "/etc/netagent/netagent.yaml", "ENVIRONMENT", "NETAGENT_LOG", "netagent-plan(8)").doesNotContain("class-cache");
  }
}
