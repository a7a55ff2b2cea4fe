package io.netagent.probe;

import io.netagent.kernel.DataPlaneProbe;
import io.netagent.kernel.ProbeDelivery;
import io.netagent.kernel.ProbeLink;
import io.netagent.model.DesiredState;
import io.netagent.model.IpFamily;
import io.netagent.observed.ObservedState;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every probe a declared state calls for against the kernel as observed, and explains each
 * failure. Nothing in the kernel changes but the probe link, which is gone when this returns.
 */
public final class ProbeRun {
  private ProbeRun() {}

  /** The outcome of each probe of {@code desired}, in the order {@link Probes#of} lists them. */
  public static List<ProbeOutcome> run(DesiredState desired, ObservedState observed, DataPlaneProbe kernel) {
    List<Probe> probes = Probes.of(desired);
    if (probes.isEmpty()) {
      return List.of();
    }
    ProbeLink link = FreeLink.pick(desired, observed, probes.stream().anyMatch(p -> p.family() == IpFamily.IPV6), new SecureRandom());
    Facts facts = Facts.of(desired, observed, kernel.foreignForwardDrops(), kernel.forwarding(Facts.forwardingDevices(desired)));
    List<ProbeDelivery> deliveries = kernel.deliver(link, probes.stream().map(p -> p.packet(link)).toList());
    List<ProbeOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      outcomes.add(new ProbeOutcome(probes.get(i), Causes.of(probes.get(i), deliveries.get(i), link, facts)));
    }
    return outcomes;
  }
}
