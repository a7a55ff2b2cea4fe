package io.netagent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * netagent's logging, set up in code (found by logback through
 * META-INF/services/ch.qos.logback.classic.spi.Configurator): diagnostics to stderr through
 * {@link LogLines}, at the level {@code $NETAGENT_LOG} names (default INFO). Not a logback.xml:
 * reading one loads logback's XML configurator and a SAX parser, some 600 classes and 70 ms of
 * every command's start.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LogLines lines = new LogLines();
    lines.setContext(context);
    lines.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv().getOrDefault("NETAGENT_LOG", "INFO"), Level.INFO));
    root.addAppender(lines);
    // Jetty's own info lines (its version, "Started Server@...") and its debug flood tell an
    // operator nothing the API's own "live API on ..." line does not; its warnings still show.
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
