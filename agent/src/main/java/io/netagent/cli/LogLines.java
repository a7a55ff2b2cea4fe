package io.netagent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintStream;

/**
 * Writes each log event to stderr, so that stdout stays clean for plans and JSON: every line
 * starts with the journald priority of the level under journald, else with "netagent: ". The
 * continuation lines of a message too: journald takes each line for a record of its own, so one
 * without the priority tag would be logged as info. A throwable is written as its chain of
 * messages, one line each; at debug level with where it happened too (its stack frames), which
 * is where a bug's trace belongs, never on the user's screen.
 */
final class LogLines extends AppenderBase<ILoggingEvent> {
  @Override
  protected void append(ILoggingEvent event) {
    String prefix = Journal.prefix(priority(event.getLevel()));
    StringBuilder out = new StringBuilder(prefix).append(event.getFormattedMessage().replace("\n", "\n" + prefix)).append('\n');
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      out.append(prefix).append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
      if (!event.getLevel().isGreaterOrEqual(Level.INFO)) {
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          out.append(prefix).append('\t').append(frame.getSTEAsString()).append('\n');
        }
      }
    }
    // System.err as it is now (a test may have replaced it), as logback's console appender does.
    PrintStream err = System.err;
    err.print(out);
    err.flush();
  }

  private static int priority(Level level) {
    return level.isGreaterOrEqual(Level.ERROR) ? Journal.ERR
        : level.isGreaterOrEqual(Level.WARN) ? Journal.WARNING
        : level.isGreaterOrEqual(Level.INFO) ? Journal.INFO : Journal.DEBUG;
  }
}
