package io.netagent.model;

import java.util.Locale;

/** The transport protocols a port mapping can publish, with their IP protocol numbers. */
public enum Protocol {
  TCP(6),
  UDP(17);

  private final int number;

  Protocol(int number) {
    this.number = number;
  }

  /** The IANA protocol number (what {@code meta l4proto} matches). */
  public int number() {
    return number;
  }

  /** Parses {@code tcp} or {@code udp}, in any case. */
  public static Protocol parse(String text) {
    for (Protocol p : values()) {
      if (p.name().equalsIgnoreCase(text)) {
        return p;
      }
    }
    throw new ModelException("protocol \"" + text + "\" is not supported (use tcp or udp)");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
