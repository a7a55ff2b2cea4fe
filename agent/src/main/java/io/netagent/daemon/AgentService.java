package io.netagent.daemon;

import io.netagent.metrics.PortCount;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the live API asks of the running daemon. Every method is safe to call from any thread;
 * changes are queued for the daemon's loop, which batches the requests that arrive together into
 * one reconcile pass and completes each future once the kernel is converged for it (or
 * exceptionally with a {@link RequestRejectedException} that says why).
 */
public interface AgentService {

  /**
   * Creates an attachment from a request body (JSON, the keys of a container in the file plus
   * {@code id}), or confirms an identical one. Completes once the kernel is converged for it.
   */
  CompletableFuture<Attached> attach(String body);

  /**
   * Declares a network from a request body (JSON, the keys of a network in the file), or
   * confirms one with the same definition (completes with false). netagent owns it like a
   * network of the file until the last attachment on it goes. Completes once its bridge is there.
   */
  CompletableFuture<Boolean> declareNetwork(String body);

  /** Deletes an attachment; completes with false when there was none (runtimes retry: a success). */
  CompletableFuture<Boolean> detach(String id);

  /** Whether the daemon finished its first pass and serves (CNI's STATUS). */
  boolean ready();

  /** Every attachment, in the order they were made. */
  List<AttachmentView> attachments();

  Optional<AttachmentView> attachment(String id);

  /** The networks of the configuration, with their live status. */
  List<NetworkView> networks();

  /**
   * A fresh look at the kernel: what the daemon declares (file and attachments), the plan that
   * would converge it now, and the daemon's own state. Computed on the daemon's loop.
   */
  CompletableFuture<LiveView> inspect();

  /**
   * Re-reads the configuration file and applies it, as SIGHUP does. With a window, the change is
   * rolled back to the last confirmed configuration unless {@link #confirm} comes within it.
   * Completes with what was done, or exceptionally: the file is invalid or clashes with
   * attachments (INVALID), or a change already waits for confirmation (CONFLICT).
   */
  CompletableFuture<String> reload(Optional<Duration> confirmWithin);

  /** Keeps the change that waits for confirmation; CONFLICT when none waits. */
  CompletableFuture<String> confirm();

  /** Rolls back the change that waits for confirmation, now; CONFLICT when none waits (saying how the last one ended). */
  CompletableFuture<String> rollback();

  /** What the kernel counted for each published port, read now on the daemon's loop, for a scrape of the metrics. */
  CompletableFuture<List<PortCount>> portCounts();
}
