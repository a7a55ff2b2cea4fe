package io.netagent.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * One command's man page in section 8, in man(7) troff, written from picocli's model of the
 * command: the same descriptions, options and arguments as its {@code --help} (hidden ones left
 * out, as there), so the page cannot say something the command does not. The root command's
 * page adds what no single command's help holds: the commands, files and environment.
 */
final class ManPage {
  private final CommandSpec spec;
  private final String version;
  private final String date;
  private final List<String> out = new ArrayList<>();

  /**
   * @param version netagent's version, for the page's footer
   * @param date the page's date (YYYY-MM-DD): the build's timestamp, so a rebuild gives the same page
   */
  private ManPage(CommandSpec spec, String version, String date) {
    this.spec = spec;
    this.version = version;
    this.date = date;
  }

  /** The page's file name: {@code netagent.8}, {@code netagent-plan.8}. */
  static String fileName(CommandSpec spec) {
    return name(spec) + ".8";
  }

  /** The commands that get a page: the root and every subcommand that {@code --help} lists. */
  static List<CommandSpec> documented(CommandLine root) {
    List<CommandSpec> specs = new ArrayList<>();
    specs.add(root.getCommandSpec());
    visible(root.getCommandSpec()).values().forEach(specs::add);
    return specs;
  }

  /** The page of {@code spec}. */
  static String render(CommandSpec spec, String version, String date) {
    return new ManPage(spec, version, date).render();
  }

  private static String name(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  private static Map<String, CommandSpec> visible(CommandSpec spec) {
    return spec.subcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getCommandSpec(), (a, b) -> a, LinkedHashMap::new));
  }

  private static List<String> nonBlank(String[] lines) {
    return Arrays.stream(lines).filter(l -> !l.isBlank()).toList();
  }

  private String render() {
    boolean root = spec.parent() == null;
    line(".TH " + quoted(name(spec).toUpperCase()) + " 8 " + quoted(date) + " " + quoted("netagent " + version) + " "
        + quoted("System Administration"));
    // Neither hyphenated nor justified: command and page names stay whole, so they can be copied.
    line(".nh");
    line(".ad l");
    section("NAME");
    line(Troff.text(name(spec)) + " \\- " + Troff.text(CommandSummary.of(spec)));
    synopsis();
    section("DESCRIPTION");
    List<String> description = new ArrayList<>(nonBlank(spec.usageMessage().description()));
    if (description.isEmpty()) {
      description.add(CommandSummary.of(spec) + ".");
    }
    description.forEach(this::paragraph);
    footer();
    if (root) {
      commands();
    }
    arguments();
    options();
    exitStatus();
    if (root) {
      definition(RootPageText.environment());
      definition(RootPageText.files());
    }
    seeAlso(root);
    return String.join("\n", out) + "\n";
  }

  private void synopsis() {
    section("SYNOPSIS");
    List<String> words = new ArrayList<>();
    spec.options().stream().filter(o -> !o.hidden()).sorted(CommandLine.Help.createShortOptionArityAndNameComparator())
        .forEach(o -> words.add(synopsisWord(o)));
    spec.positionalParameters().stream().filter(p -> !p.hidden()).forEach(p -> words.add(synopsisWord(p)));
    line(".B " + Troff.text(spec.qualifiedName()));
    line(String.join("\n", words));
    if (!visible(spec).isEmpty()) {
      line(".br");
      line(".B " + Troff.text(spec.qualifiedName()));
      line(Troff.italic("COMMAND") + " [" + Troff.italic("OPTIONS") + "] [" + Troff.italic("ARGUMENTS") + "]");
    }
  }

  private static String synopsisWord(OptionSpec option) {
    String word = Troff.bold(option.shortestName()) + label(option);
    word = option.required() ? word : "[" + word + "]";
    return option.isMultiValue() ? word + "..." : word;
  }

  private static String synopsisWord(PositionalParamSpec positional) {
    String word = Troff.italic(positional.paramLabel());
    word = positional.arity().min() == 0 ? "[" + word + "]" : word;
    return positional.isMultiValue() ? word + "..." : word;
  }

  private static String label(ArgSpec arg) {
    return arg.arity().max() == 0 ? "" : " " + Troff.italic(arg.paramLabel());
  }

  /** The footer of {@code --help}: sentences as paragraphs, indented lines (examples) as they stand. */
  private void footer() {
    boolean example = false;
    for (String footerLine : nonBlank(spec.usageMessage().footer())) {
      boolean indented = Character.isWhitespace(footerLine.charAt(0));
      if (indented && !example) {
        line(".PP");
        line(".RS");
        line(".nf");
      } else if (!indented && example) {
        endExample();
      }
      example = indented;
      if (indented) {
        line(Troff.text(footerLine.strip()));
      } else {
        paragraph(footerLine);
      }
    }
    if (example) {
      endExample();
    }
  }

  private void endExample() {
    line(".fi");
    line(".RE");
  }

  private void commands() {
    section("COMMANDS");
    visible(spec).values().forEach(command -> {
      line(".TP");
      line(Troff.bold(command.qualifiedName()));
      line(Troff.text(CommandSummary.of(command) + ": ") + reference(name(command)) + ".");
    });
  }

  private void arguments() {
    List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (positionals.isEmpty()) {
      return;
    }
    section("ARGUMENTS");
    positionals.forEach(p -> described(Troff.italic(p.paramLabel()), p));
  }

  private void options() {
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).sorted(CommandLine.Help.createShortOptionNameComparator())
        .toList();
    if (options.isEmpty()) {
      return;
    }
    section("OPTIONS");
    options.forEach(o -> described(
        Arrays.stream(o.names()).map(Troff::bold).collect(Collectors.joining(", ")) + label(o).replaceFirst("^ ", "="), o));
  }

  private void described(String tag, ArgSpec arg) {
    line(".TP");
    line(tag);
    List<String> lines = nonBlank(arg.description());
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        line(".br");
      }
      line(Troff.text(lines.get(i).strip()));
    }
  }

  private void exitStatus() {
    section("EXIT STATUS");
    RootPageText.exitStatus().forEach(this::item);
    if (spec.parent() != null) {
      paragraph("The description above says when this command gives which.");
    }
  }

  private void definition(RootPageText.Section section) {
    section(section.title());
    section.items().forEach(this::item);
  }

  private void item(RootPageText.Item item) {
    line(".TP");
    line(Troff.bold(item.term()));
    line(Troff.text(item.text()));
  }

  private void seeAlso(boolean root) {
    section("SEE ALSO");
    List<String> pages = new ArrayList<>();
    if (root) {
      visible(spec).values().forEach(command -> pages.add(reference(name(command))));
      pages.add(reference("nft"));
      pages.add(reference("ip"));
      pages.add(reference("systemctl", 1));
    } else {
      pages.add(reference("netagent"));
    }
    line(String.join(",\n", pages));
  }

  private static String reference(String page) {
    return reference(page, 8);
  }

  private static String reference(String page, int section) {
    return Troff.bold(page) + "(" + section + ")";
  }

  private void section(String title) {
    line(".SH " + quoted(title));
  }

  private void paragraph(String text) {
    line(".PP");
    line(Troff.text(text.strip()));
  }

  private static String quoted(String argument) {
    return "\"" + Troff.text(argument) + "\"";
  }

  private void line(String troff) {
    out.add(troff);
  }
}
