package io.netagent.cli;

import java.util.stream.Stream;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's summary in one short line: the first sentence of its header (picocli's built-in
 * help has one) or description, up to its first colon or semicolon, where the details begin. The
 * command list of {@code netagent --help} and the NAME line of each man page; the whole
 * description stays in the command's own {@code --help}.
 */
final class CommandSummary {
  private static final int NAME_COLUMN = 15;

  private CommandSummary() {}

  static String of(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String[] description = spec.usageMessage().description();
    String line = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    int end = Stream.of(". ", ": ", "; ").mapToInt(line::indexOf).filter(i -> i >= 0).min().orElse(line.length());
    String sentence = line.substring(0, end);
    return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
  }

  /** The command list of {@code --help}: each visible subcommand with its summary. */
  static IHelpSectionRenderer commandList() {
    return help -> {
      int width = help.commandSpec().usageMessage().width();
      TextTable table = TextTable.forColumns(help.colorScheme(), new Column(NAME_COLUMN, 2, Overflow.SPAN),
          new Column(width - NAME_COLUMN, 1, Overflow.WRAP));
      for (Help sub : help.subcommands().values()) {
        CommandSpec spec = sub.commandSpec();
        if (!spec.usageMessage().hidden()) {
          table.addRowValues(spec.name(), of(spec) + ".");
        }
      }
      return table.toString();
    };
  }
}
