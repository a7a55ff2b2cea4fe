package io.netagent.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --port} of {@code netagent attach}: {@code HOST:CONTAINER[/tcp|udp][@HOSTIP]}, such as
 * {@code 8080:80}, {@code 5353:53/udp}, {@code 8443:443/tcp@127.0.0.1} or
 * {@code 8443:443@[2001:db8::1]} (an IPv6 HOSTIP with or without brackets). Only the form is
 * checked here; the daemon checks the values (ranges, addresses, ports already published).
 */
record PortSpec(int host, int container, Optional<String> protocol, Optional<String> hostIp) {
  static final String FORM = "HOST:CONTAINER[/tcp|udp][@HOSTIP]";
  // An IPv6 HOSTIP may come in brackets, as netagent prints one ([2001:db8::1]:8443).
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?(?:@(?:\\[([^\\]]+)]|(.+)))?", Pattern.CASE_INSENSITIVE);

  /** Converts the option's text for picocli, which reports a mismatch as a usage error. */
  static final class Converter implements ITypeConverter<PortSpec> {
    @Override
    public PortSpec convert(String text) {
      Matcher m = SYNTAX.matcher(text);
      if (!m.matches()) {
        throw new TypeConversionException("\"" + text + "\" is not " + FORM + " (e.g. 8080:80 or 5353:53/udp@127.0.0.1)");
      }
      return new PortSpec(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Optional.ofNullable(m.group(3)).map(p -> p.toLowerCase(Locale.ROOT)),
          Optional.ofNullable(m.group(4)).or(() -> Optional.ofNullable(m.group(5))));
    }
  }
}
