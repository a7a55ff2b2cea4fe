package io.netagent.api;

import java.time.Duration;

/**
 * What the server and its clients agree on besides the socket's path, kept apart from both so
 * that a client loads nothing of the server (Jetty) to know it.
 */
public final class ApiProtocol {
  /** Set on {@code GET /plan}: {@code true} when conflicts block the plan, so a client need not parse it. */
  public static final String PLAN_BLOCKED_HEADER = "Netagent-Plan-Blocked";

  /** The largest request body, in bytes: an attachment is well under 1 KiB, a CNI request a few KiB. */
  public static final int MAX_BODY = 64 * 1024;

  /** How long a request waits for the daemon before it gets a 504: a reconcile of thousands of objects takes seconds. */
  static final Duration DAEMON_TIMEOUT = Duration.ofMinutes(5);

  /** How long a client waits for an answer: longer than the server waits, so that its 504 arrives first. */
  static final Duration CLIENT_TIMEOUT = DAEMON_TIMEOUT.plusMinutes(1);

  private ApiProtocol() {}
}
