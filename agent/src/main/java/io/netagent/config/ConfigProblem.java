package io.netagent.config;

/**
 * One problem found in a configuration file, located so that editors can jump to it.
 *
 * @param file the file as the user named it
 * @param line 1-based line
 * @param column 1-based column
 * @param path where in the document, such as {@code containers[1].ip}; empty for the document
 * @param message what is wrong, in words
 */
public record ConfigProblem(String file, int line, int column, String path, String message)
    implements Comparable<ConfigProblem> {

  @Override
  public int compareTo(ConfigProblem o) {
    int c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  /**
   * {@code FILE:LINE:COLUMN: path: message}, the form compilers and editors understand; just
   * {@code FILE: message} for a problem with the file as a whole (line 0).
   */
  @Override
  public String toString() {
    String where = line <= 0 ? file + ": " : file + ":" + line + ":" + column + ": ";
    return path.isEmpty() ? where + message : where + path + ": " + message;
  }
}
