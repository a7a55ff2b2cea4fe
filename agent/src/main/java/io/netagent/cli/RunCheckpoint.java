package io.netagent.cli;

import io.netagent.checkpoint.Checkpoint;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.checkpoint.Rollback;
import io.netagent.config.LoadedConfig;
import io.netagent.reconcile.Reconciler;
import io.netagent.report.PlanText;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint at {@code netagent run}'s start, under the apply lock, before the daemon's first
 * pass: a change that was never confirmed and whose waiting apply is gone is rolled back, as
 * {@code apply} does. If the file still holds that change, the daemon runs the confirmed
 * configuration instead (its first pass would otherwise make the same change again, with nobody
 * to confirm it) and says so, until it is reloaded. What the daemon runs is recorded as the
 * confirmed configuration.
 */
final class RunCheckpoint {
  private static final Logger LOG = LoggerFactory.getLogger(RunCheckpoint.class);

  private RunCheckpoint() {}

  /**
   * The configuration the daemon runs: {@code loaded}, the text of {@code file}, unless it holds
   * the change just rolled back. {@code reconciler} follows the daemon's policy, so that a
   * rollback under {@code --namespaces external} leaves namespaces to their unit, as the daemon does.
   */
  static LoadedConfig configuration(Reconciler reconciler, CheckpointStore store, Path file, String text, LoadedConfig loaded) {
    Optional<Rollback.Done> done = Rollback.ifAbandoned(reconciler, store, op -> LOG.info("rollback: {}", PlanText.line(op)));
    if (done.isPresent()) {
      LOG.warn("{} (it was never confirmed, and the process that waited for it, pid {}, is gone)", RollbackText.summary(done.get()),
          done.get().change().waiter().pid());
      if (done.get().change().change().text().equals(text)) {
        Checkpoint now = store.read();
        LOG.warn("{} still holds that change: running {} instead, until the configuration is reloaded (systemctl reload netagent, "
            + "or SIGHUP)", file, now.describeTarget());
        return new LoadedConfig(now.describeTarget() + ", after a rollback", now.target());
      }
    }
    store.update(c -> c.withConfirmed(new Checkpoint.Configuration(file.toString(), text, Instant.now())));
    return loaded;
  }
}
