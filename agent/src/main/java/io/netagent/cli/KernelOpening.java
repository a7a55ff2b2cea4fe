package io.netagent.cli;

import io.netagent.kernel.Kernel;
import io.netagent.kernel.netlink.NetlinkKernel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A kernel being opened on a thread of its own while the command reads its configuration. For
 * the live kernel, loading the native bindings and entering the host namespace take about as
 * long as reading a thousand containers' configuration (some 0.2 s each, measured on 2 cores),
 * and neither needs the other. Opening changes nothing in the kernel; problems with the
 * configuration are still reported first, since the kernel is taken only after it was read.
 */
final class KernelOpening implements AutoCloseable {
  private final CompletableFuture<Kernel> opening;
  private boolean taken;

  private KernelOpening(Supplier<Kernel> open) {
    this.opening = CompletableFuture.supplyAsync(open, task -> {
      Thread t = new Thread(task, "kernel-opening");
      t.setDaemon(true);
      t.start();
    });
  }

  /** Starts opening the live kernel. */
  static KernelOpening live() {
    return new KernelOpening(() -> NetlinkKernel.open(NetlinkKernel.STATE_DIR));
  }

  /** Starts opening the kernel {@code open} gives. */
  static KernelOpening of(Supplier<Kernel> open) {
    return new KernelOpening(open);
  }

  /** The opened kernel, for the caller to close; throws what opening it threw. */
  Kernel take() {
    taken = true;
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Closes the kernel if nobody took it (the configuration was refused), once it is open. */
  @Override
  public void close() {
    if (!taken) {
      try {
        opening.join().close();
      } catch (RuntimeException e) {
        // It could not be opened: there is nothing to close, and the command's own failure is the one to report.
      }
    }
  }
}
