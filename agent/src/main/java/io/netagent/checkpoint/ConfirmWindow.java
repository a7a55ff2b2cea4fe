package io.netagent.checkpoint;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a change may wait for {@code netagent confirm}: {@code 90s}, {@code 5m},
 * {@code 1h30m}, between one second and a day. A bare number is refused (seconds or minutes?),
 * and so are zero, a sign, and anything else, each with a message saying what is accepted.
 */
public final class ConfirmWindow {
  /** The longest window: a change nobody confirms within a day was forgotten. */
  public static final Duration MAX = Duration.ofHours(24);
  private static final Pattern FORM = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?");
  private static final String ACCEPTED = "a duration such as 90s, 5m or 1h30m, from 1s to 24h";

  private ConfirmWindow() {}

  /**
   * The window {@code text} says.
   *
   * @throws IllegalArgumentException saying why it is not one, and what is
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (text.isBlank() || !m.matches()) {
      String hint = text.strip().matches("\\d+") ? " (add a unit: " + text.strip() + "s or " + text.strip() + "m)" : "";
      throw new IllegalArgumentException("'" + text + "' is not " + ACCEPTED + hint);
    }
    Duration window = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2))).plusSeconds(number(m.group(3)));
    if (window.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is no time at all: give " + ACCEPTED);
    }
    if (window.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than 24h: give " + ACCEPTED);
    }
    return window;
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
