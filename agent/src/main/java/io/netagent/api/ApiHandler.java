package io.netagent.api;

import io.netagent.daemon.RequestRejectedException;
import io.netagent.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries each request to {@link Routes} and its reply back, as JSON errors when anything fails.
 * Waiting for the daemon holds no Jetty thread: the reply is written when the service's future
 * completes, or with a 504 once {@code timeout} has passed. Each request is counted in the
 * metrics once answered; on the metrics-only connector every path but {@code /metrics} is a 404.
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final Routes routes;
  private final Duration timeout;
  private final Metrics metrics;
  private final Optional<? extends Connector> metricsOnly;

  ApiHandler(Routes routes, Duration timeout, Metrics metrics, Optional<? extends Connector> metricsOnly) {
    this.routes = routes;
    this.timeout = timeout;
    this.metrics = metrics;
    this.metricsOnly = metricsOnly;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    CompletableFuture<Reply> reply;
    try {
      if (metricsOnly.isPresent() && request.getConnectionMetaData().getConnector() == metricsOnly.get() && !path.equals(Routes.METRICS)) {
        throw new HttpProblem(404, "no such resource: " + path + " (this listener serves only " + Routes.METRICS + ")");
      }
      reply = routes.answer(method, path, format(request), request.getHeaders().get(HttpHeader.ACCEPT), () -> body(request));
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    // A copy, so that the timeout completes only our wait, never the daemon's own future.
    reply.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((r, e) -> e == null ? r : failure(request, e))
        .thenAccept(r -> {
          metrics.apiRequest(Routes.verb(method, path), r.status());
          write(r, response, callback);
        });
    return true;
  }

  private static Optional<String> format(Request request) {
    Fields query = Request.extractQueryParameters(request);
    return Optional.ofNullable(query.getValue("format"));
  }

  private static String body(Request request) {
    if (request.getLength() > ApiProtocol.MAX_BODY) {
      throw tooLarge();
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(ApiProtocol.MAX_BODY + 1);
      if (bytes.length > ApiProtocol.MAX_BODY) {
        throw tooLarge();
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HttpProblem(400, "cannot read the request body: " + e.getMessage());
    }
  }

  private static HttpProblem tooLarge() {
    return new HttpProblem(413, "the request body is larger than " + ApiProtocol.MAX_BODY / 1024 + " KiB");
  }

  private Reply failure(Request request, Throwable thrown) {
    Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    if (e instanceof HttpProblem problem) {
      return problem.reply();
    }
    if (e instanceof RequestRejectedException rejected) {
      return ErrorJson.reply(rejected.kind().status, rejected.getMessage(), rejected.problems());
    }
    if (e instanceof TimeoutException) {
      LOG.warn("{} {}: the daemon did not answer within {} s", request.getMethod(), Request.getPathInContext(request), timeout.toSeconds());
      return ErrorJson.reply(504, "the daemon did not answer within " + timeout.toSeconds() + " s", List.of());
    }
    // A bug: one line for the client and the log, where it happened in the debug log.
    String line = "internal error: " + e.toString().lines().findFirst().orElse("");
    LOG.error("{} {}: {}", request.getMethod(), Request.getPathInContext(request), line);
    LOG.debug("{} {}: internal error", request.getMethod(), Request.getPathInContext(request), e);
    return ErrorJson.reply(500, line, List.of());
  }

  private static void write(Reply reply, Response response, Callback callback) {
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.getHeaders().put(h.getKey(), h.getValue());
    }
    Content.Sink.write(response, true, reply.body(), callback);
  }
}
