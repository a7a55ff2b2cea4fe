package io.netagent.trace;

import io.netagent.model.ModelException;
import io.netagent.model.Protocol;
import java.util.List;
import java.util.Objects;

/**
 * What {@code netagent trace} was asked, as written: {@code tcp FROM -> TO:PORT}. Shells split
 * {@code ->} off or leave it glued ({@code c1->host:80}), so the words after the protocol are
 * joined again and split at the one arrow. The arrow must be quoted in a shell ({@code 'c1 -> host:80'}
 * or {@code c1 '->' host:80}): unquoted, every POSIX shell reads its {@code >} as a redirection,
 * leaving {@code c1 -} here. An IPv6 address is written in brackets where a port follows it
 * ({@code [fd00:88::2]:80}), and may be bare as the source.
 */
public record TraceQuery(Protocol protocol, String from, String to, int port) {
  private static final String ARROW = "->";

  public TraceQuery {
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
  }

  /**
   * Reads {@code words}: the protocol, then FROM, {@code ->}, TO:PORT in one to three words.
   *
   * @throws TraceInputException saying which part is wrong and why
   */
  public static TraceQuery parse(List<String> words) {
    if (words.isEmpty()) {
      throw new TraceInputException("missing the packet: give PROTOCOL FROM -> TO:PORT, such as: tcp c1 -> host:8080");
    }
    // picocli passes unknown options on as words (it must, for "->"): a typo such as --kernal is one.
    for (String word : words) {
      if (word.startsWith("-") && !word.startsWith(ARROW) && !word.equals("-")) {
        throw new TraceInputException("unknown option \"" + word + "\"");
      }
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(words.get(0));
    } catch (ModelException e) {
      throw new TraceInputException(e.getMessage());
    }
    String rest = String.join(" ", words.subList(1, words.size())).strip();
    int arrow = rest.indexOf(ARROW);
    if (arrow < 0 && rest.endsWith("-")) {
      throw new TraceInputException("\"" + rest + "\": the shell read the \">\" of \"->\" as a redirection (and sent the output to a "
          + "file named after TO:PORT); quote the arrow: netagent trace " + words.get(0) + " '" + rest + "> TO:PORT'");
    }
    if (arrow < 0 || rest.indexOf(ARROW, arrow + 1) >= 0) {
      throw new TraceInputException("\"" + rest + "\": give FROM -> TO:PORT with one arrow, such as: c1 -> host:8080");
    }
    String from = unbracket(rest.substring(0, arrow).strip(), "FROM");
    String target = rest.substring(arrow + ARROW.length()).strip();
    if (from.isEmpty()) {
      throw new TraceInputException("missing FROM before \"->\" (an address, a container, host or outside)");
    }
    if (target.isEmpty()) {
      throw new TraceInputException("missing TO:PORT after \"->\"");
    }
    int colon = target.lastIndexOf(':');
    String to = colon < 0 ? target : target.substring(0, colon);
    if (colon < 0 || colon == target.length() - 1) {
      throw new TraceInputException("\"" + target + "\": missing the port (TO:PORT, such as host:8080 or [fd00:88::2]:80)");
    }
    if (to.startsWith("[") != to.endsWith("]") || !to.startsWith("[") && to.indexOf(':') >= 0) {
      throw new TraceInputException("\"" + target + "\": write an IPv6 destination in brackets, such as [fd00:88::2]:80");
    }
    to = unbracket(to, "TO");
    if (to.isEmpty()) {
      throw new TraceInputException("\"" + target + "\": missing TO before the port");
    }
    return new TraceQuery(protocol, from, to, port(target.substring(colon + 1)));
  }

  private static String unbracket(String word, String what) {
    if (word.startsWith("[") && word.endsWith("]") && word.length() >= 2) {
      return word.substring(1, word.length() - 1);
    }
    if (word.startsWith("[") || word.endsWith("]")) {
      throw new TraceInputException("\"" + word + "\": " + what + " has an unmatched bracket");
    }
    return word;
  }

  private static int port(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new TraceInputException("port \"" + text + "\" is not a number (1–65535)");
    }
    if (port < 1 || port > 65535) {
      throw new TraceInputException("port " + port + " is outside 1–65535");
    }
    return port;
  }
}
