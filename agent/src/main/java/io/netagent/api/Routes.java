package io.netagent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.checkpoint.ConfirmWindow;
import io.netagent.cni.CniService;
import io.netagent.daemon.AgentService;
import io.netagent.daemon.AttachmentView;
import io.netagent.daemon.DaemonState;
import io.netagent.daemon.LiveView;
import io.netagent.daemon.NetworkView;
import io.netagent.metrics.Exposition;
import io.netagent.metrics.Metrics;
import io.netagent.report.Json;
import io.netagent.report.PlanJson;
import io.netagent.report.PlanText;
import io.netagent.report.StatusReport;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The API's resources: which method on which path asks the service what, and how the answer is
 * written. Knows nothing of Jetty; {@link ApiHandler} carries requests here and replies back.
 */
final class Routes {
  /** How a plan served by the daemon names the kernel it was made against. */
  static final String KERNEL = "live kernel (daemon)";

  /** The metrics' path, the only one the metrics listener serves. */
  static final String METRICS = "/metrics";

  private final AgentService service;
  private final CniService cni;
  private final Metrics metrics;

  Routes(AgentService service, Metrics metrics) {
    this.service = service;
    this.cni = new CniService(service);
    this.metrics = metrics;
  }

  /**
   * What a request asks, for the {@code verb} label of the API's request counter: one word per
   * route (list-networks, get-network, list-attachments, get-attachment, attach, detach, status,
   * plan, cni, metrics, reload, confirm, rollback), or "other" for a path or method there is no route for.
   */
  static String verb(String method, String path) {
    List<String> parts = parts(path);
    String resource = parts.isEmpty() ? "" : parts.get(0);
    return switch (parts.size() + " " + method + " " + resource) {
      case "1 GET networks" -> "list-networks";
      case "2 GET networks" -> "get-network";
      case "1 GET attachments" -> "list-attachments";
      case "2 GET attachments" -> "get-attachment";
      case "1 POST attachments" -> "attach";
      case "2 DELETE attachments" -> "detach";
      case "1 GET status" -> "status";
      case "1 GET plan" -> "plan";
      case "1 POST cni" -> "cni";
      case "1 GET metrics" -> "metrics";
      case "1 POST reload" -> "reload";
      case "1 POST confirm" -> "confirm";
      case "1 POST rollback" -> "rollback";
      default -> "other";
    };
  }

  private static List<String> parts(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The reply to one request.
   *
   * @param format the {@code format} query parameter, if given
   * @param accept the {@code Accept} header, or null
   * @param body reads the request body; only the routes that take one call it
   * @throws HttpProblem for an unknown path, a wrong method or a bad format
   */
  CompletableFuture<Reply> answer(String method, String path, Optional<String> format, String accept, Supplier<String> body) {
    List<String> parts = parts(path);
    String resource = parts.isEmpty() ? "" : parts.get(0);
    if (parts.size() == 1) {
      switch (resource) {
        case "networks":
          return on(method, Map.of("GET", () -> done(Reply.json(200, networks()))));
        case "attachments":
          return on(method, Map.of("GET", () -> done(Reply.json(200, attachments())), "POST", () -> attach(body.get())));
        case "status":
          return on(method, Map.of("GET", () -> service.inspect().thenApply(view -> status(view, text(format)))));
        case "plan":
          return on(method, Map.of("GET", () -> service.inspect().thenApply(view -> plan(view, text(format)))));
        case "reload":
          return on(method, Map.of("POST", () -> service.reload(confirmWithin(body.get())).thenApply(Routes::message)));
        case "confirm":
          return on(method, Map.of("POST", () -> service.confirm().thenApply(Routes::message)));
        case "rollback":
          return on(method, Map.of("POST", () -> service.rollback().thenApply(Routes::message)));
        case "metrics":
          return on(method, Map.of("GET", () -> service.portCounts().thenApply(ports -> metrics(metrics.scrape(ports, accept)))));
        case "cni":
          // The CNI plugin's calls; the answer's body is what the plugin prints, error JSON included.
          return on(method, Map.of("POST", () -> cni.handle(body.get()).thenApply(a -> new Reply(a.status(), Reply.JSON, a.body(), Map.of()))));
        default:
          break;
      }
    } else if (parts.size() == 2) {
      String key = parts.get(1);
      switch (resource) {
        case "networks":
          return on(method, Map.of("GET", () -> done(network(key))));
        case "attachments":
          return on(method, Map.of("GET", () -> done(attachment(key)), "DELETE", () -> detach(key)));
        default:
          break;
      }
    }
    throw new HttpProblem(404, "no such resource: " + path + " (there are /networks, /attachments, /status, /plan, /reload, /confirm, "
        + "/rollback, /cni and /metrics)");
  }

  private static CompletableFuture<Reply> on(String method, Map<String, Supplier<CompletableFuture<Reply>>> handlers) {
    Supplier<CompletableFuture<Reply>> handler = handlers.get(method);
    if (handler == null) {
      String allowed = String.join(", ", new TreeMap<>(handlers).keySet());
      throw new HttpProblem(405, "method " + method + " is not allowed here (allowed: " + allowed + ")", Map.of("Allow", allowed));
    }
    return handler.get();
  }

  private static Reply metrics(Exposition exposition) {
    return new Reply(200, exposition.contentType(), exposition.body(), Map.of());
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  private static boolean text(Optional<String> format) {
    String f = format.orElse("json");
    if (!f.equals("json") && !f.equals("text")) {
      throw new HttpProblem(400, "format must be json or text, not \"" + f + "\"");
    }
    return f.equals("text");
  }

  /**
   * The window of {@code POST /reload}: its body is empty (a plain reload) or
   * {@code {"confirmWithin": "60s"}}.
   */
  private static Optional<Duration> confirmWithin(String body) {
    if (body.isBlank()) {
      return Optional.empty();
    }
    JsonNode request;
    try {
      request = Json.PRETTY.readTree(body);
    } catch (IOException e) {
      throw new HttpProblem(400, "the body is not JSON: give {} or {\"confirmWithin\": \"60s\"}");
    }
    JsonNode window = request == null ? null : request.get("confirmWithin");
    if (request == null || !request.isObject() || request.size() > (window == null ? 0 : 1)) {
      throw new HttpProblem(400, "the body must be {} or {\"confirmWithin\": \"60s\"}");
    }
    if (window == null || window.isNull()) {
      return Optional.empty();
    }
    if (!window.isTextual()) {
      throw new HttpProblem(400, "confirmWithin must be a string such as \"60s\"");
    }
    try {
      return Optional.of(ConfirmWindow.parse(window.asText()));
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(400, "confirmWithin: " + e.getMessage());
    }
  }

  private static Reply message(String text) {
    ObjectNode node = Json.PRETTY.createObjectNode();
    node.put("message", text);
    return Reply.json(200, node);
  }

  private ArrayNode networks() {
    ArrayNode list = Json.PRETTY.createArrayNode();
    service.networks().forEach(n -> list.add(ViewJson.network(n)));
    return list;
  }

  private Reply network(String name) {
    NetworkView view = service.networks().stream().filter(n -> n.network().name().equals(name)).findFirst()
        .orElseThrow(() -> new HttpProblem(404, "no network " + name));
    return Reply.json(200, ViewJson.network(view));
  }

  private ArrayNode attachments() {
    ArrayNode list = Json.PRETTY.createArrayNode();
    service.attachments().forEach(a -> list.add(ViewJson.attachment(a)));
    return list;
  }

  private Reply attachment(String id) {
    AttachmentView view = service.attachment(id).orElseThrow(() -> new HttpProblem(404, "no attachment " + id));
    return Reply.json(200, ViewJson.attachment(view));
  }

  private CompletableFuture<Reply> attach(String body) {
    return service.attach(body).thenApply(a -> Reply.json(a.created() ? 201 : 200, ViewJson.attachment(a.attachment())));
  }

  /** 200 whether or not it existed: a runtime retries a detach, and the second one succeeds too. */
  private CompletableFuture<Reply> detach(String id) {
    return service.detach(id).thenApply(existed -> {
      ObjectNode node = Json.PRETTY.createObjectNode();
      node.put("id", id);
      node.put("existed", existed);
      return Reply.json(200, node);
    });
  }

  private Reply plan(LiveView view, boolean text) {
    Reply reply = text ? Reply.text(200, PlanText.render(view.plan(), view.source(), KERNEL))
        : new Reply(200, Reply.JSON, PlanJson.render(view.plan(), view.source(), KERNEL) + "\n", Map.of());
    return reply.withHeader(ApiProtocol.PLAN_BLOCKED_HEADER, String.valueOf(view.plan().isBlocked()));
  }

  private Reply status(LiveView view, boolean text) {
    List<StatusReport.Entry> entries = StatusReport.of(view.desired(), view.plan());
    List<AttachmentView> attachments = service.attachments();
    List<String> absent = attachments.stream().filter(a -> a.state().startsWith("absent")).map(AttachmentView::id).toList();
    Optional<DaemonState> daemon = Optional.ofNullable(view.state());
    if (text) {
      String header = "netagent status: " + view.source() + " against the live kernel (the daemon's view)";
      String counts = view.desired().networks().size() + " network(s), " + view.desired().containers().size() + " container(s), "
          + attachments.size() + " attachment(s)" + (absent.isEmpty() ? "" : "; absent (namespace gone): " + String.join(", ", absent));
      return Reply.text(200, StatusDocument.text(header, daemon, Stream.concat(Stream.of(counts), view.checkpoint().stream()).toList(), entries));
    }
    ObjectNode doc = StatusDocument.json(view.source(), daemon, view.checkpoint(), entries);
    doc.put("networks", view.desired().networks().size());
    doc.put("containers", view.desired().containers().size());
    doc.put("attachments", attachments.size());
    absent.forEach(doc.putArray("absent")::add);
    return Reply.json(200, doc);
  }
}
