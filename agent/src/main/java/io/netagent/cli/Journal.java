package io.netagent.cli;

/**
 * journald reads a priority from a {@code <N>} prefix on each stdout/stderr line
 * (SyslogLevelPrefix=, on by default), and tells a service its output goes there through
 * {@code $JOURNAL_STREAM} (systemd.exec(5)). Outside journald, lines start with "netagent: ".
 */
final class Journal {
  static final int ERR = 3;
  static final int WARNING = 4;
  static final int INFO = 6;
  static final int DEBUG = 7;

  private static final boolean UNDER_JOURNAL = System.getenv("JOURNAL_STREAM") != null;

  private Journal() {}

  /** What a line of this priority starts with. */
  static String prefix(int priority) {
    return UNDER_JOURNAL ? tag(priority) : "netagent: ";
  }

  /** The priority tag under journald, nothing otherwise (for lines that name their file already). */
  static String tag(int priority) {
    return UNDER_JOURNAL ? "<" + priority + ">" : "";
  }
}
