package io.netagent.cli;

import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code -c/--config} option of the commands that change the kernel (apply, down, run,
 * namespaces): never the built-in example, which is for looking at, not for changing a host with.
 */
final class ChangeConfigOption extends ConfigSource {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (YAML, or JSON if it ends in .json). Default: " + INSTALLED_PATH
          + ", which must then exist (the built-in example is only for plan, status, graph, trace and validate).")
  Path file;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The file the configuration is read from: -c, else the installed one. */
  Path path() {
    return file != null ? file : installed;
  }

  /** The configuration named by -c, else the installed one. */
  @Override
  LoadedConfig load() {
    return ConfigLoader.load(existingPath());
  }

  /** The text of the configuration {@link #load} reads (which the checkpoint keeps). */
  String text() {
    return ConfigLoader.read(existingPath());
  }

  private Path existingPath() {
    if (file == null && !Files.exists(installed)) {
      throw new ParameterException(command.commandLine(), "no configuration: give one with -c FILE, or install it as " + installed
          + " (the built-in example is only for plan, status, graph, trace and validate)");
    }
    return path();
  }
}
