package io.netagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.config.ConfigLoader;
import io.netagent.daemon.AgentService;
import io.netagent.daemon.Attached;
import io.netagent.daemon.AttachmentView;
import io.netagent.daemon.DaemonState;
import io.netagent.daemon.LiveView;
import io.netagent.daemon.NetworkView;
import io.netagent.daemon.RequestRejectedException.FieldProblem;
import io.netagent.daemon.RequestRejectedException.Kind;
import io.netagent.daemon.RequestRejectedException;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.metrics.PortCount;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.plan.Plan;
import io.netagent.reconcile.Reconciler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An {@link AgentService} for the API's tests: one network {@code n} (10.9.0.0/24) with
 * container {@code a}; an attach request makes an attachment from container {@code b}'s
 * template under the request's id, refuses a body without {@code id} or with the ip
 * {@code 10.9.0.300} as invalid, and confirms an id it has. {@link #inspect} plans against an
 * empty in-memory kernel. {@link #answerWith} makes the next futures come from elsewhere
 * (never completing, failing).
 */
public final class FakeAgentService implements AgentService {
  public static final String SOURCE = "/etc/netagent/test.yaml";
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
      containers:
        - { name: a, network: n, namespace: a, createNamespace: true, ip: 10.9.0.2 }
        - name: b
          network: n
          namespace: /proc/42/ns/net
          ip: 10.9.0.3
          ports: [{ host: 8080, container: 80, hostIp: 127.0.0.1 }]
      """;

  private final DesiredState declared = ConfigLoader.parse("test.yaml", CONFIG, false).state();
  private final Map<String, AttachmentView> attachments = new LinkedHashMap<>();
  private Supplier<CompletableFuture<?>> override;
  private JsonNode lastRequest;

  /** The next attach, detach and inspect futures come from {@code futures} instead. */
  public void answerWith(Supplier<CompletableFuture<?>> futures) {
    this.override = futures;
  }

  /** The body of the latest attach request that was JSON. */
  public synchronized Optional<JsonNode> lastRequest() {
    return Optional.ofNullable(lastRequest);
  }

  /** A running daemon's state, with this process's pid. */
  public static DaemonState state() {
    return new DaemonState(ProcessHandle.current().pid(), "2026-11-25T10:00:00Z", SOURCE, true, 3, 1,
        new DaemonState.Reconcile("2026-11-25T10:00:01Z", "start", "converged", List.of(), null, 12), null, 0, List.of(), List.of(), null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized CompletableFuture<Attached> attach(String body) {
    if (override != null) {
      return (CompletableFuture<Attached>) override.get();
    }
    JsonNode request;
    try {
      request = new ObjectMapper().readTree(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new RequestRejectedException(Kind.INVALID, "the body is not JSON", List.of()));
    }
    lastRequest = request;
    if (!request.hasNonNull("id") || request.path("ip").asText().equals("10.9.0.300")) {
      return CompletableFuture.failedFuture(new RequestRejectedException(Kind.INVALID, "invalid attachment",
          List.of(new FieldProblem("id", "id is required"), new FieldProblem("ip", "10.9.0.300 is not an IPv4 address"))));
    }
    String id = request.get("id").asText();
    if (attachments.containsKey(id)) {
      return CompletableFuture.completedFuture(new Attached(attachments.get(id), false));
    }
    Container template = declared.containers().get(1);
    AttachmentView view = new AttachmentView(id, template, false, false, "2026-11-25T10:00:02Z", "converged");
    attachments.put(id, view);
    return CompletableFuture.completedFuture(new Attached(view, true));
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized CompletableFuture<Boolean> detach(String id) {
    if (override != null) {
      return (CompletableFuture<Boolean>) override.get();
    }
    return CompletableFuture.completedFuture(attachments.remove(id) != null);
  }

  @Override
  public CompletableFuture<Boolean> declareNetwork(String body) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public synchronized List<AttachmentView> attachments() {
    return List.copyOf(attachments.values());
  }

  @Override
  public synchronized Optional<AttachmentView> attachment(String id) {
    return Optional.ofNullable(attachments.get(id));
  }

  @Override
  public List<NetworkView> networks() {
    return declared.networks().stream()
        .map(n -> new NetworkView(n, declared.containersOn(n.name()).stream().map(Container::name).toList(), "missing")).toList();
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<LiveView> inspect() {
    if (override != null) {
      return (CompletableFuture<LiveView>) override.get();
    }
    return CompletableFuture.completedFuture(new LiveView(SOURCE, declared, plan(), state(), Optional.empty()));
  }

  /** Reloads nothing: says what it was asked, with the window in seconds. */
  @Override
  public CompletableFuture<String> reload(Optional<Duration> confirmWithin) {
    return CompletableFuture.completedFuture("reloaded" + confirmWithin.map(w -> " within " + w.toSeconds() + " s").orElse(""));
  }

  /** Nothing ever waits for confirmation here. */
  @Override
  public CompletableFuture<String> confirm() {
    return CompletableFuture.failedFuture(new RequestRejectedException(Kind.CONFLICT, "nothing to confirm: no change is waiting for confirmation",
        List.of()));
  }

  @Override
  public CompletableFuture<String> rollback() {
    return CompletableFuture.failedFuture(new RequestRejectedException(Kind.CONFLICT, "nothing to roll back: no change is waiting for "
        + "confirmation", List.of()));
  }

  /** One published port, with 3 packets of 100 bytes. */
  @Override
  public CompletableFuture<List<PortCount>> portCounts() {
    return CompletableFuture.completedFuture(List.of(new PortCount("n", "a", "tcp", "ipv4", "0.0.0.0", 8080, 3, 300)));
  }

  /** What {@link #inspect} plans: the declared state against an empty in-memory kernel. */
  public Plan plan() {
    try (FakeKernel kernel = new FakeKernel()) {
      return new Reconciler(kernel).plan(declared);
    }
  }
}
