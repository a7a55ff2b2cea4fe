package io.netagent.daemon;

import io.netagent.linux.SdNotify;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon tells systemd (sd_notify(3)): READY=1, STATUS=, WATCHDOG=1, RELOADING=1,
 * STOPPING=1. Silent when not started by systemd with Type=notify. A failed send is logged once
 * and does not stop the daemon: systemd's own timeouts take over.
 */
final class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final Optional<SdNotify> socket;
  private final Optional<Duration> watchdog;
  private boolean warned;

  private Notifier(Optional<SdNotify> socket, Optional<Duration> watchdog) {
    this.socket = socket;
    this.watchdog = watchdog;
  }

  static Notifier fromEnvironment() {
    Optional<Duration> watchdog = Optional.ofNullable(System.getenv("WATCHDOG_USEC"))
        .filter(s -> s.matches("\\d+"))
        .filter(s -> Optional.ofNullable(System.getenv("WATCHDOG_PID")).map(p -> p.equals(String.valueOf(ProcessHandle.current().pid())))
            .orElse(true))
        .map(us -> Duration.ofNanos(Long.parseLong(us) * 1000 / 2));
    return new Notifier(SdNotify.fromEnvironment(), watchdog);
  }

  /** How often the loop must say it is alive: half of WatchdogSec, or empty without a watchdog. */
  Optional<Duration> watchdogInterval() {
    return watchdog;
  }

  void ready(String status) {
    send("READY=1\nSTATUS=" + status);
  }

  void status(String status) {
    send("STATUS=" + status);
  }

  /** RELOADING=1 with the time, as Type=notify-reload wants it; System.nanoTime is CLOCK_MONOTONIC on Linux. */
  void reloading() {
    send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
  }

  void stopping() {
    send("STOPPING=1");
  }

  void watchdog() {
    if (watchdog.isPresent()) {
      send("WATCHDOG=1");
    }
  }

  private void send(String message) {
    socket.ifPresent(s -> {
      try {
        s.send(message);
      } catch (RuntimeException e) {
        if (!warned) {
          LOG.warn("cannot notify systemd: {}", e.getMessage());
          warned = true;
        }
      }
    });
  }

  @Override
  public void close() {
    socket.ifPresent(SdNotify::close);
  }
}
