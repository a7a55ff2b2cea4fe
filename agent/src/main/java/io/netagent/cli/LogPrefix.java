package io.netagent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** The {@code %prefix} of netagent's log pattern: the journald priority of the level, or "netagent: ". */
public final class LogPrefix extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    Level level = event.getLevel();
    int priority = level.isGreaterOrEqual(Level.ERROR) ? Journal.ERR
        : level.isGreaterOrEqual(Level.WARN) ? Journal.WARNING
        : level.isGreaterOrEqual(Level.INFO) ? Journal.INFO : Journal.DEBUG;
    return Journal.prefix(priority);
  }
}
