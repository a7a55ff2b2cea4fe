package io.netagent.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The {@code %lines} of netagent's log pattern: the message, with every line after the first
 * starting with the same prefix as the first. journald takes each line for a record of its own,
 * so a continuation line without the priority tag would be logged as info.
 */
public final class LogMessage extends ClassicConverter {
  private final LogPrefix prefix = new LogPrefix();

  @Override
  public String convert(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    return message.indexOf('\n') < 0 ? message : message.replace("\n", "\n" + prefix.convert(event));
  }
}
