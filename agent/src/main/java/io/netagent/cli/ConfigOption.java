package io.netagent.cli;

import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c/--config} option of the commands that only look (plan, status, graph, validate). */
final class ConfigOption extends ConfigSource {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (YAML, or JSON if it ends in .json). Default: " + INSTALLED_PATH
          + " if it exists, else the built-in example.")
  Path file;

  /** The configuration named by -c, else the installed one, else the built-in example. */
  @Override
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
