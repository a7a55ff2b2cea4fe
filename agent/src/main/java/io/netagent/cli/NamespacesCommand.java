package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.kernel.Kernel;
import io.netagent.operations.CreateNamespace;
import io.netagent.operations.DeleteNamespace;
import io.netagent.operations.DeleteNamespaces;
import io.netagent.operations.Operation;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.PlanText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code netagent namespaces}: only the namespace part of apply. The unit
 * netagent-namespaces.service runs it before the daemon starts and on reload, outside the daemon's
 * sandbox: a namespace bound under /run/netns from inside a service with ProtectSystem= and the
 * like stays invisible to the host (systemd turns off mount propagation towards the host), so the
 * sandboxed daemon leaves namespaces to this step.
 */
@Command(name = "namespaces", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Create the named namespaces the configuration lets netagent create, and delete the ones it created " +
        "that are no longer declared; nothing else. Run by the systemd unit netagent-namespaces.service (ExecStart=, " +
        "ExecReload=) before the daemon starts and on every reload, outside the daemon's sandbox, whose mounts would not " +
        "reach the host. Takes no lock: the daemon under systemd runs with --namespaces external and leaves this " +
        "part to it.",
        "Needs root. Exit code 0 when done, 1 on failure, 2 for an invalid configuration or a host without libnftables."})
final class NamespacesCommand implements Callable<Integer> {
  @Mixin
  ChangeConfigOption config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (KernelOpening opening = KernelOpening.live()) {
      LoadedConfig loaded = config.load();
      PrintWriter out = spec.commandLine().getOut();
      try (Kernel kernel = opening.take()) {
        List<Operation> ops = new Reconciler(kernel).applyOnly(loaded.state(),
            op -> op instanceof CreateNamespace || op instanceof DeleteNamespace || op instanceof DeleteNamespaces, op -> {
              out.println(PlanText.line(op));
              out.flush();
            });
        out.println(ops.isEmpty() ? "Namespaces: nothing to do." : "Namespaces: " + ops.size() + " change(s).");
        return ExitCodes.OK;
      }
    }
  }
}
