package io.netagent.config;

import io.netagent.error.NetagentException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be used, with every problem found in it. */
public class ConfigException extends NetagentException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().sorted().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    this.problems = problems.stream().sorted().toList();
  }

  /** The problems, in the order they appear in the file. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
