package io.netagent.cli;

import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c/--config} option shared by the commands that read a configuration. */
final class ConfigOption {
  /** Where an installed netagent keeps its configuration. */
  static final Path INSTALLED = Path.of("/etc/netagent/netagent.yaml");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (YAML, or JSON if it ends in .json). Default: " + "/etc/netagent/netagent.yaml"
          + " if it exists, else the built-in example.")
  Path file;

  /** The configuration named by -c, else the installed one, else the built-in example. */
  LoadedConfig load() {
    if (file != null) {
      return ConfigLoader.load(file);
    }
    if (Files.exists(INSTALLED)) {
      return ConfigLoader.load(INSTALLED);
    }
    return ConfigLoader.loadExample();
  }
}
