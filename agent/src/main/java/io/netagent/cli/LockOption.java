package io.netagent.cli;

import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.reconcile.ApplyLock;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --lock-timeout} option of the commands that change the kernel. */
final class LockOption {
  @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for another netagent apply, down or run to finish (default: ${DEFAULT-VALUE}).")
  long seconds;

  ApplyLock acquire(PrintWriter err) {
    return ApplyLock.acquire(NetlinkKernel.STATE_DIR.resolve("lock"), Duration.ofSeconds(seconds), message -> {
      err.println("netagent: " + message);
      err.flush();
    });
  }
}
