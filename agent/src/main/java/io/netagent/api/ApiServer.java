package io.netagent.api;

import io.netagent.daemon.AgentService;
import io.netagent.metrics.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's live API: HTTP/1.1 and JSON on a Unix socket, answered from an
 * {@link AgentService}. The socket is mode 0600 (root only), or 0660 with a named group, from
 * the moment it can be reached ({@link SocketPlacement}); closing the server removes it.
 * Optionally a second listener, TCP on a loopback address, serves {@code GET /metrics} and
 * nothing else. Resources and status codes: README, "Live API" and "Metrics".
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Server server;
  private final SocketPlacement placement;
  private final Path socket;

  private ApiServer(Server server, SocketPlacement placement, Path socket) {
    this.server = server;
    this.placement = placement;
    this.socket = socket;
  }

  /**
   * Listens on {@code socket} (its directory is created if missing; a stale socket is replaced).
   *
   * @param group the group that may connect too (mode 0660), or empty for root only (0600)
   * @throws ApiStartException when it cannot: unknown group, a daemon already answering there, a
   *     file system refusal
   */
  public static ApiServer start(Path socket, AgentService service, Optional<String> group) {
    return start(socket, service, group, new Metrics(), Optional.empty());
  }

  /**
   * Listens on {@code socket} as {@link #start(Path, AgentService, Optional)} does, counts each
   * request in {@code metrics} and serves them at {@code GET /metrics}, there and, when given, on
   * {@code metricsListen} (a loopback address the caller checked).
   *
   * @throws ApiStartException also when {@code metricsListen} cannot be bound (in use)
   */
  public static ApiServer start(Path socket, AgentService service, Optional<String> group, Metrics metrics,
      Optional<InetSocketAddress> metricsListen) {
    return start(socket, service, group, metrics, metricsListen, ApiProtocol.DAEMON_TIMEOUT);
  }

  static ApiServer start(Path socket, AgentService service, Optional<String> group, Metrics metrics, Optional<InetSocketAddress> metricsListen,
      Duration timeout) {
    SocketPlacement placement = SocketPlacement.prepare(socket, group);
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("api");
    // Daemon threads: the process ends when the daemon's loop does, even if nobody closed the server.
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    UnixDomainServerConnector connector = new UnixDomainServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setUnixDomainPath(placement.bindPath());
    server.addConnector(connector);
    Optional<ServerConnector> tcp = metricsListen.map(address -> {
      ServerConnector metricsOnly = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      metricsOnly.setHost(address.getAddress().getHostAddress());
      metricsOnly.setPort(address.getPort());
      server.addConnector(metricsOnly);
      return metricsOnly;
    });
    server.setHandler(new ApiHandler(new Routes(service, metrics), timeout, metrics, tcp));
    server.setErrorHandler(new JsonErrorHandler());
    try {
      if (tcp.isPresent()) {
        openMetricsListener(tcp.get(), metricsListen.get());
      }
      server.start();
      placement.publish();
    } catch (Exception e) {
      stopQuietly(server);
      // Opened ahead of the server's start: a server that never started does not close it.
      tcp.ifPresent(ServerConnector::close);
      try {
        placement.remove();
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (e instanceof ApiStartException start) {
        throw start;
      }
      throw new ApiStartException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
    LOG.info("live API on {}{}", socket, group.map(g -> " (root and group " + g + ")").orElse(" (root only)"));
    metricsListen.ifPresent(a -> LOG.info("metrics on http://{}/metrics", MetricsListen.display(a)));
    return new ApiServer(server, placement, socket);
  }

  /** Binds the metrics listener before anything else starts, so that a port in use is named as such. */
  private static void openMetricsListener(ServerConnector tcp, InetSocketAddress address) {
    try {
      tcp.open();
    } catch (IOException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ApiStartException("cannot listen for metrics on " + MetricsListen.display(address) + ": " + cause.getMessage(), e);
    }
  }

  /** Where it listens. */
  public Path socket() {
    return socket;
  }

  /** Stops answering and removes the socket; requests still waiting for the daemon are cut off. */
  @Override
  public void close() {
    stopQuietly(server);
    try {
      placement.remove();
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", socket, SocketPlacement.describe(e));
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping the API server: {}", e.toString());
    }
  }
}
