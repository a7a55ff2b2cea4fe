package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command list of {@code netagent --help}: one short summary per visible command, the details left to each command's help. */
class CommandSummaryTest {
  @Test
  void aSummaryEndsAtTheFirstSentenceColonOrSemicolon() {
    assertThat(CommandSummary.of(spec("apply"))).isEqualTo("Make the live kernel match the configuration");
    assertThat(CommandSummary.of(spec("validate"))).isEqualTo("Check a configuration file and report every problem in it");
    assertThat(CommandSummary.of(spec("help"))).isEqualTo("Display help information about the specified command");
  }

  @Test
  void theCommandListNamesEveryVisibleCommandWithItsSummaryAndNoHiddenOne() {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()), Path.of("/nonexistent"));
    assertThat(code).isZero();
    String help = out.toString();
    assertThat(help).contains("  apply         Make the live kernel match the configuration.\n")
        .contains("  status        Show each declared object against the live kernel.\n")
        .doesNotContain("class-cache").doesNotContain("observe, plan, run the plan");
    new CommandLine(new Main()).getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        assertThat(help).as("the command list").contains("  " + name + " ");
      }
    });
  }

  private static CommandLine.Model.CommandSpec spec(String name) {
    return new CommandLine(new Main()).getSubcommands().get(name).getCommandSpec();
  }
}
