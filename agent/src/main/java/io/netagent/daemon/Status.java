package io.netagent.daemon;

import io.netagent.plan.Plan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon's loop has done, as it tells it: the latest plan, reconcile, reload and probe,
 * the counts, and the API's {@link Views}; written to daemon.json for {@code netagent status}
 * and summed up in one line for systemd. Changed by the loop's thread only; {@link #ready} and
 * {@link #views} are read by any.
 */
final class Status {
  private static final Logger LOG = LoggerFactory.getLogger(Status.class);

  private final Path configFile;
  private final Path stateDir;
  private final Target target;
  private final String started = Instant.now().toString();
  private volatile Views views = Views.EMPTY;
  private Plan lastPlan;
  private Set<String> troubles = Set.of();
  private volatile boolean ready;
  private long reconciles;
  private long driftRepaired;
  private DaemonState.Reconcile lastReconcile;
  private DaemonState.Reload lastReload;
  private DaemonState.Probe lastProbe;

  Status(Path configFile, Path stateDir, Target target) {
    this.configFile = configFile;
    this.stateDir = stateDir;
    this.target = target;
  }

  /** Whether the kernel converged once since the daemon started. */
  boolean ready() {
    return ready;
  }

  void nowReady() {
    ready = true;
  }

  Views views() {
    return views;
  }

  /** The plan of the latest pass that converged (its absences and conflicts still hold), or null before the first. */
  Plan lastPlan() {
    return lastPlan;
  }

  /** The latest reconcile, or null before the first. */
  DaemonState.Reconcile lastReconcile() {
    return lastReconcile;
  }

  /** One more reconcile, converged or not. */
  void counted() {
    reconciles++;
  }

  void repairedDrift() {
    driftRepaired++;
  }

  /** Keeps the plan of a pass that converged, and logs what changed of what it blocks or finds absent. */
  void planned(Plan plan) {
    lastPlan = plan;
    reportTroubles(plan);
  }

  void reconciled(DaemonState.Reconcile reconcile) {
    lastReconcile = reconcile;
  }

  void reloaded(DaemonState.Reload reload) {
    lastReload = reload;
  }

  void probed(DaemonState.Probe probe) {
    lastProbe = probe;
  }

  void refreshViews(boolean failed) {
    views = Views.of(target.desired(), target.attachments().all(), lastPlan, failed);
  }

  /**
   * Logs what blocks part of the configuration and which containers are absent, when that
   * changes (not on every pass: a stopped container is no news the second time).
   */
  private void reportTroubles(Plan plan) {
    Set<String> now = new LinkedHashSet<>();
    plan.absences().forEach(a -> now.add(a.toString()));
    plan.conflicts().forEach(c -> now.add(c.owner() + " blocked: " + c));
    now.stream().filter(t -> !troubles.contains(t)).forEach(t -> LOG.warn("{}", t));
    troubles.stream().filter(t -> !now.contains(t)).forEach(t -> LOG.info("no longer: {}", t));
    troubles = now;
  }

  /** One line for systemd's STATUS=. */
  String summary() {
    String result = lastReconcile == null ? "not reconciled yet" : lastReconcile.result() + " at " + lastReconcile.at();
    String reload = lastReload != null && lastReload.result().equals("rejected") ? "; last reload rejected" : "";
    return target.desired().networks().size() + " network(s), " + target.desired().containers().size() + " container(s) (" + target.attachments().size()
        + " attached through the API); " + result
        + "; drift repaired " + driftRepaired + " time(s)" + reload;
  }

  DaemonState state() {
    return new DaemonState(ProcessHandle.current().pid(), started, configFile.toString(), ready, reconciles, driftRepaired, lastReconcile,
        lastReload, target.attachments().size(), views.absent(), views.blocked(), lastProbe);
  }

  void writeState() {
    try {
      state().write(stateDir);
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
  }
}
