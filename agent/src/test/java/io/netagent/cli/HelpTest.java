package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Each command's help tells what the command does, where a test can hold it to that: what {@code -c}
 * defaults to, and the systemd units and directives a help names.
 */
class HelpTest {
  private static final Pattern UNIT = Pattern.compile("netagent[a-z-]*\\.service");
  private static final Pattern DIRECTIVE = Pattern.compile("(Exec[A-Za-z]+)=(\\+?)");

  @TempDir
  Path dir;

  /** The commands by name, each in a command line of its own. */
  private static Map<String, CommandLine> commands() {
    Map<String, CommandLine> commands = new TreeMap<>(new CommandLine(new Main()).getSubcommands());
    commands.remove("help");
    return commands;
  }

  /** Everything a command's help says in words: its description and its options' descriptions. */
  private static String helpText(CommandSpec spec) {
    List<String> text = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
    spec.options().forEach(o -> text.addAll(Arrays.asList(o.description())));
    return String.join(" ", text);
  }

  /** The lines of the units in systemd/ that run netagent, by the unit's name. */
  private static Map<String, List<String>> netagentLines() throws IOException {
    Map<String, List<String>> lines = new TreeMap<>();
    SystemdUnitsTest.units().forEach((unit, all) -> lines.put(unit, all.stream().filter(l -> l.contains("/usr/bin/netagent ")).toList()));
    return lines;
  }

  @Test
  void eachCommandsHelpForConfigSaysWhetherItFallsBackToTheBuiltInExample() {
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
      CommandSpec spec = command.getValue().getCommandSpec();
      OptionSpec c = spec.findOption("-c");
      if (c == null) {
        continue;
      }
      ConfigSource source = spec.mixins().values().stream().map(CommandSpec::userObject).filter(ConfigSource.class::isInstance)
          .map(ConfigSource.class::cast).findFirst()
          .orElseThrow(() -> new AssertionError(command.getKey() + "'s -c is not a ConfigSource"));
      source.installed = dir.resolve("not-installed.yaml");
      boolean usesExample;
      try {
        usesExample = source.load().source().equals(ConfigLoader.EXAMPLE_NAME);
      } catch (ParameterException e) {
        usesExample = false;
      }

      String help = String.join(" ", c.description());
      assertThat(help.contains("else the built-in example")).as("netagent %s -c: %s", command.getKey(), help).isEqualTo(usesExample);
      assertThat(help.contains("only for plan, status, graph, trace and validate")).as("netagent %s -c: %s", command.getKey(), help)
          .isEqualTo(!usesExample);
      checked.add(command.getKey() + (usesExample ? " (example)" : ""));
    }
    assertThat(checked).containsExactly("apply", "down", "graph (example)", "namespaces", "plan (example)", "run", "status (example)", "trace (example)", "validate (example)");
  }

  @Test
  void everyUnitAndDirectiveAHelpNamesRunsThatCommand() throws IOException {
    Map<String, List<String>> units = netagentLines();
    int directives = 0;
    for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
      String help = helpText(command.getValue().getCommandSpec());
      List<String> named = UNIT.matcher(help).results().map(m -> m.group()).toList();
      named.forEach(u -> assertThat(units).as("netagent %s --help names %s", command.getKey(), u).containsKey(u));
      for (Matcher m = DIRECTIVE.matcher(help); m.find(); directives++) {
        String line = m.group(1) + "=" + m.group(2) + "/usr/bin/netagent " + command.getKey() + " ";
        assertThat(named).as("netagent %s --help names %s=%s: of which unit?", command.getKey(), m.group(1), m.group(2)).isNotEmpty();
        assertThat(named.stream().flatMap(u -> units.get(u).stream()))
            .as("netagent %s --help says %s runs it", command.getKey(), named).anyMatch(l -> l.startsWith(line));
      }
    }
    assertThat(directives).as("directives named by some help").isPositive();
  }

  @Test
  void everyUnitRunsACommandWithArgumentsItTakes() throws IOException {
    List<String> run = new ArrayList<>();
    for (Map.Entry<String, List<String>> unit : netagentLines().entrySet()) {
      for (String line : unit.getValue()) {
        String[] args = line.substring(line.indexOf("/usr/bin/netagent ") + "/usr/bin/netagent ".length()).trim().split("\\s+");
        new CommandLine(new Main()).parseArgs(args);
        run.add(unit.getKey() + ": " + args[0]);
      }
    }
    assertThat(run).contains("netagent.service: run", "netagent-namespaces.service: namespaces");
  }
}
