package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent validate}: checks a configuration and reports every problem in it. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Check a configuration file and report every problem in it.",
        "Each problem is printed as FILE:LINE:COLUMN: path: message.",
        "Touches no kernel. Exit code 0 when valid, 2 when not."})
final class ValidateCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    LoadedConfig loaded = config.load();
    DesiredState s = loaded.state();
    long ports = s.containers().stream().map(Container::ports).mapToLong(java.util.List::size).sum();
    spec.commandLine().getOut().printf("%s: valid (%d network(s), %d container(s), %d published port(s))%n",
        loaded.source(), s.networks().size(), s.containers().size(), ports);
    return 0;
  }
}
