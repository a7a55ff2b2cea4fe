package io.netagent.daemon;

import io.netagent.kernel.DataPlaneProbe;
import io.netagent.model.DesiredState;
import io.netagent.observed.ObservedState;
import io.netagent.probe.ProbeOutcome;
import io.netagent.probe.ProbeRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane probe the daemon runs on its loop every so often ({@code run --probe-every}; off
 * by default): each failure is logged at warning level in one line, a run where all passed at
 * debug level, and the run is kept for daemon.json ({@code status} shows it). A run takes about two seconds however many probes fail (see
 * {@code NetlinkProbe}), well within the watchdog's interval.
 */
final class PeriodicProbe {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicProbe.class);

  private final Duration every;
  private final DataPlaneProbe dataPlane;
  private long next;

  PeriodicProbe(Duration every, DataPlaneProbe dataPlane) {
    this.every = every;
    this.dataPlane = dataPlane;
    this.next = System.nanoTime() + every.toNanos();
  }

  /** When the next run is due (System.nanoTime). */
  long next() {
    return next;
  }

  /**
   * Probes {@code desired} with {@code observed} (the last pass's view) for the causes; nothing
   * when nothing was observed yet.
   *
   * @return the run, for daemon.json
   */
  Optional<DaemonState.Probe> run(DesiredState desired, ObservedState observed) {
    next = System.nanoTime() + every.toNanos();
    if (observed == null) {
      return Optional.empty();
    }
    List<ProbeOutcome> outcomes = ProbeRun.run(desired, observed, dataPlane);
    List<String> failures = outcomes.stream().filter(o -> !o.ok())
        .map(o -> o.probe().kind() + " " + o.probe().subject() + ": " + o.cause().orElseThrow()).toList();
    failures.forEach(f -> LOG.warn("probe failed: {}", f));
    LOG.debug("probe: {} ok, {} failed", outcomes.size() - failures.size(), failures.size());
    return Optional.of(new DaemonState.Probe(Instant.now().toString(), outcomes.size() - failures.size(), failures.size(), failures));
  }
}
