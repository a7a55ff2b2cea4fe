package io.netagent.cli;

import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.linux.NativeUnavailableException;
import io.netagent.linux.nftables.Nftables;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.PlanJson;
import io.netagent.report.PlanText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code netagent class-cache}, not in the help: loads the classes the commands load, touching no
 * kernel, for a run with {@code -XX:ArchiveClassesAtExit} that keeps them in a CDS archive
 * (systemd/class-cache.sh, used by the launchers and the installer). A one-shot command started
 * with that archive mapped begins its work about 0.1 s sooner: its classes are read from the
 * archive, already verified, instead of from the jar (README, Benchmarks).
 *
 * <p>It plans the built-in example against the in-memory kernel and renders it as text and
 * JSON, then loads the native bindings: libc's through jnr-ffi, and a libnftables context,
 * made and freed (it changes nothing).
 */
@Command(name = "class-cache", hidden = true, description = "Load the classes of every command, for a CDS archive (systemd/class-cache.sh).")
final class ClassCacheCommand implements Callable<Integer> {
  @Override
  public Integer call() throws ClassNotFoundException {
    LoadedConfig example = ConfigLoader.loadExample();
    try (FakeKernel kernel = new FakeKernel()) {
      Plan plan = new Reconciler(kernel).plan(example.state());
      PlanText.render(plan, example.source(), KernelOption.describe(kernel));
      PlanJson.render(plan, example.source(), KernelOption.describe(kernel));
    }
    for (String name : new String[] {"io.netagent.linux.Syscalls", "io.netagent.kernel.netlink.NetlinkKernel",
        "io.netagent.kernel.netlink.Snapshot", "io.netagent.kernel.netlink.Events", "io.netagent.kernel.nft.NftListing"}) {
      Class.forName(name, true, getClass().getClassLoader());
    }
    try {
      Nftables.open().close();
    } catch (NativeUnavailableException e) {
      // No libnftables here: the archive holds the rest.
    }
    return ExitCodes.OK;
  }
}
