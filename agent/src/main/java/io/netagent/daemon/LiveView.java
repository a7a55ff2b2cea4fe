package io.netagent.daemon;

import io.netagent.model.DesiredState;
import io.netagent.plan.Plan;
import java.util.Optional;

/**
 * What the daemon sees at one moment.
 *
 * @param source the configuration file
 * @param desired the file's networks and containers plus the attachments
 * @param plan what would converge the kernel now (empty when converged)
 * @param state the daemon's own state (as in daemon.json)
 * @param checkpoint the confirm-or-roll-back line for status ({@code CheckpointStore.statusLine})
 */
public record LiveView(String source, DesiredState desired, Plan plan, DaemonState state, Optional<String> checkpoint) {}
