package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import java.nio.file.Path;

/**
 * Where a command's configuration comes from: {@code -c FILE}, else the installed file. Commands
 * that only look ({@link ConfigOption}) fall back to the built-in example; commands that change
 * the kernel ({@link ChangeConfigOption}) never do. Each says so in its own {@code -c} help, and
 * {@code HelpTest} holds each help to what {@link #load} does.
 */
abstract class ConfigSource {
  /** Where an installed netagent keeps its configuration. */
  static final String INSTALLED_PATH = "/etc/netagent/netagent.yaml";

  /** The installed configuration's path: {@link #INSTALLED_PATH}, elsewhere only in a test of the defaults. */
  Path installed = Path.of(INSTALLED_PATH);

  /** The configuration, read and checked. */
  abstract LoadedConfig load();
}
