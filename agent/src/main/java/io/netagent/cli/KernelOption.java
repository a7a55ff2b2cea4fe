package io.netagent.cli;

import io.netagent.kernel.Kernel;
import io.netagent.kernel.fake.FakeKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --kernel} option of {@code plan} and {@code graph}: the live kernel, or an empty in-memory one. */
final class KernelOption {
  enum Choice {
    live,
    fake
  }

  @Option(names = "--kernel", paramLabel = "KIND",
      description = "Plan against the live kernel or an empty in-memory kernel: ${COMPLETION-CANDIDATES}. "
          + "Default: live for root, fake for any other user.")
  Choice choice;

  /** The chosen kernel; live for root unless told otherwise. */
  Choice effective() {
    return choice != null ? choice : isRoot() ? Choice.live : Choice.fake;
  }

  /** Starts opening the chosen kernel. */
  KernelOpening start() {
    return effective() == Choice.live ? KernelOpening.live() : KernelOpening.of(FakeKernel::new);
  }

  /** How the plan header names the kernel. */
  static String describe(Kernel kernel) {
    return kernel instanceof FakeKernel ? "an empty " + kernel.description() : "the " + kernel.description();
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
