package io.netagent.daemon;

import io.netagent.metrics.PortCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The API's requests waiting for the daemon's loop. The loop takes all that have arrived at
 * once, so requests that arrive together are served by one reconcile pass.
 */
final class Requests {
  /** One request and the future its caller waits on. */
  sealed interface Request permits Attach, Detach, Inspect, DeclareNetwork, Count, Reload, Confirm, Rollback {
    CompletableFuture<?> answer();
  }

  record Attach(String body, CompletableFuture<Attached> answer) implements Request {}

  record Detach(String id, CompletableFuture<Boolean> answer) implements Request {}

  record Inspect(CompletableFuture<LiveView> answer) implements Request {}

  record DeclareNetwork(String body, CompletableFuture<Boolean> answer) implements Request {}

  /** The published ports' counters, for a scrape of the metrics. */
  record Count(CompletableFuture<List<PortCount>> answer) implements Request {}

  /** A reload through the API, with the window within which it must be confirmed, if any; answered with what was done. */
  record Reload(Optional<Duration> confirmWithin, CompletableFuture<String> answer) implements Request {}

  record Confirm(CompletableFuture<String> answer) implements Request {}

  record Rollback(CompletableFuture<String> answer) implements Request {}

  private final List<Request> waiting = new ArrayList<>();

  synchronized void add(Request request) {
    waiting.add(request);
  }

  synchronized boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** Every request waiting, oldest first; none waits afterwards. */
  synchronized List<Request> takeAll() {
    List<Request> all = List.copyOf(waiting);
    waiting.clear();
    return all;
  }

  /** Answers every waiting request with {@code failure}. */
  void failAll(RuntimeException failure) {
    fail(takeAll(), failure);
  }

  /** Answers each of {@code batch} not answered yet with {@code failure}. */
  static void fail(List<Request> batch, RuntimeException failure) {
    batch.forEach(r -> r.answer().completeExceptionally(failure));
  }
}
