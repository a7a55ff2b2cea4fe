package io.netagent.cli;

import io.netagent.config.LoadedConfig;
import io.netagent.daemon.Daemon;
import io.netagent.kernel.Kernel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netagent probe}: checks that traffic really flows where the configuration says it should. */
@Command(name = "probe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Check that traffic really flows, not only that the kernel objects exist, over each family a network has: " +
        "each container reaches its gateway (ARP, ND); each published port is forwarded to its container from the host, over " +
        "127.0.0.1 (IPv4, when published there), from outside and from the container itself (hairpin); traffic from each " +
        "network leaves with its source NAT address.",
        "Needs no application in the containers: a packet socket inside each container's namespace sees the probe's packets " +
            "arrive. 'Outside' is a throwaway namespace joined to the host by a veth pair on a free /30 of 198.18.0.0/15 (and " +
            "/64 of 2001:2::/48), removed before the command ends; nothing is sent beyond netagent's networks, the host and " +
            "that namespace.",
        "Prints each probe as ok or FAILED with its likely cause. Declared means the file and the attachments the daemon saved.",
        "Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_NET_RAW). Exit code 0 when every probe passed, 1 when one failed (or " +
            "the probe could not run), 2 for bad input or a host without libnftables."})
final class ProbeCommand implements Callable<Integer> {
  @Mixin
  ChangeConfigOption config;

  @Mixin
  OutputOption output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (KernelOpening opening = KernelOpening.live()) {
      LoadedConfig loaded = config.load();
      PrintWriter out = spec.commandLine().getOut();
      try (Kernel kernel = opening.take()) {
        if (!output.json()) {
          out.println("netagent probe: " + loaded.source() + " on the " + kernel.description());
        }
        return DataPlaneCheck.run(Daemon.declaredWithSavedAttachments(loaded.state(), Daemon.DATA_DIR), kernel, out, output.json());
      }
    }
  }
}
