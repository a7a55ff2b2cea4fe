package io.netagent.cli;

import picocli.CommandLine.Option;

/** {@code -o text|json}, shared by the commands that print a document. */
final class OutputOption {
  /** The formats a command can print. */
  enum Format {
    text,
    json
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  boolean json() {
    return format == Format.json;
  }
}
