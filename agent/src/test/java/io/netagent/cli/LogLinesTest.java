package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where a throwable happened is written at debug level only; above it, its messages alone. */
class LogLinesTest {
  private static String logged(Level level) {
    LoggerContext context = new LoggerContext();
    LogLines lines = new LogLines();
    lines.setContext(context);
    lines.start();
    Logger logger = context.getLogger("test");
    logger.setLevel(Level.DEBUG);
    logger.addAppender(lines);
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Exception e = new IllegalStateException("a bug");
      if (level == Level.DEBUG) {
        logger.debug("internal error", e);
      } else {
        logger.error("internal error", e);
      }
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDebugEventCarriesTheStackFrames() {
    assertThat(logged(Level.DEBUG)).contains("java.lang.IllegalStateException: a bug", "\tat io.netagent.cli.LogLinesTest.logged(");
  }

  @Test
  void anErrorEventCarriesOnlyTheMessages() {
    assertThat(logged(Level.ERROR)).contains("java.lang.IllegalStateException: a bug").doesNotContain("\tat ");
  }
}
