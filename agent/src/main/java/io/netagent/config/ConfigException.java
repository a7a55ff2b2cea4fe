package io.netagent.config;

import io.netagent.error.NetagentException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be used, with the problems found in it. */
public class ConfigException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;
  private final int unlisted;

  public ConfigException(List<ConfigProblem> problems) {
    this(problems, 0);
  }

  /** @param unlisted how many more problems were found than {@code problems} lists */
  public ConfigException(List<ConfigProblem> problems, int unlisted) {
    super(problems.stream().sorted().map(ConfigProblem::toString).collect(Collectors.joining("\n"))
        + (unlisted > 0 ? "\n... and " + unlisted + " more problem(s)" : ""));
    this.problems = problems.stream().sorted().toList();
    this.unlisted = unlisted;
  }

  /** The problems listed, in the order they appear in the file. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** How many problems were found, listed or not. */
  public int count() {
    return problems.size() + unlisted;
  }
}
