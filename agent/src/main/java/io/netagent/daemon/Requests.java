package io.netagent.daemon;

import io.netagent.metrics.PortCount;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The API's requests waiting for the daemon's loop. The loop takes all that have arrived at
 * once, so requests that arrive together are served by one reconcile pass.
 */
final class Requests {
  /** One request and the future its caller waits on. */
  sealed interface Request permits Attach, Detach, Inspect, DeclareNetwork, Count {}

  record Attach(String body, CompletableFuture<Attached> answer) implements Request {}

  record Detach(String id, CompletableFuture<Boolean> answer) implements Request {}

  record Inspect(CompletableFuture<LiveView> answer) implements Request {}

  record DeclareNetwork(String body, CompletableFuture<Boolean> answer) implements Request {}

  /** The published ports' counters, for a scrape of the metrics. */
  record Count(CompletableFuture<List<PortCount>> answer) implements Request {}

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
    for (Request r : batch) {
      if (r instanceof Attach a) {
        a.answer().completeExceptionally(failure);
      } else if (r instanceof Detach d) {
        d.answer().completeExceptionally(failure);
      } else if (r instanceof Inspect i) {
        i.answer().completeExceptionally(failure);
      } else if (r instanceof DeclareNetwork n) {
        n.answer().completeExceptionally(failure);
      } else if (r instanceof Count c) {
        c.answer().completeExceptionally(failure);
      }
    }
  }
}
