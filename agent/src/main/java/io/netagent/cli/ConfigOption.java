package io.netagent.cli;

import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code -c/--config} option shared by the commands that read a configuration. */
final class ConfigOption {
  /** Where an installed netagent keeps its configuration. */
  static final Path INSTALLED = Path.of("/etc/netagent/netagent.yaml");

  /** {@link #INSTALLED}, except in tests, which must not read the machine's own file (see {@link Main#run}). */
  private final Path installed;

  ConfigOption() {
    this(INSTALLED);
  }

  ConfigOption(Path installed) {
    this.installed = installed;
  }

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (YAML, or JSON if it ends in .json). Default: " + "/etc/netagent/netagent.yaml"
          + " if it exists, else the built-in example.")
  Path file;

  /**
   * The configuration named by -c, else the installed one; never the built-in example, which is
   * for looking at, not for changing a host with.
   */
  LoadedConfig loadForChange(CommandSpec spec) {
    if (file == null && !Files.exists(installed)) {
      throw new ParameterException(spec.commandLine(),
          "no configuration: give one with -c FILE, or install it as " + installed + " (the built-in example is only shown by plan)");
    }
    return load();
  }

  /** The file named by -c, else the installed one (whether it exists or not). */
  Path fileOrInstalled() {
    return file != null ? file : installed;
  }

  /** The configuration named by -c, else the installed one, else the built-in example. */
  LoadedConfig load() {
    if (file != null) {
      return ConfigLoader.load(file);
    }
    if (Files.exists(installed)) {
      return ConfigLoader.load(installed);
    }
    return ConfigLoader.loadExample();
  }
}
