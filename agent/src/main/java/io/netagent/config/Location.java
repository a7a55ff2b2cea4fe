package io.netagent.config;

/** A 1-based line and column in a configuration file; line 0 means the file as a whole. */
record Location(int line, int column) {
  static final Location FILE = new Location(0, 0);
}
