package io.netagent.daemon;

/** What the daemon's loop does next; for a pass, what started it. */
enum Work {
  STOP("", ""),
  START("start", "start"),
  RELOAD("reload", "reload"),
  ROLLBACK("rollback of an unconfirmed reload", "rollback"),
  REQUESTS("api request", "api"),
  EVENT("kernel event", "event"),
  RESYNC("periodic resync", "resync"),
  RETRY("retry", "retry"),
  PROBE("periodic probe", "probe"),
  WATCHDOG("", "");

  final String reason;
  /** The {@code trigger} label of the reconcile metrics. */
  final String trigger;

  Work(String reason, String trigger) {
    this.reason = reason;
    this.trigger = trigger;
  }
}
