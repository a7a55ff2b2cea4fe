package io.netagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Network;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Loading configuration text in tests and checking the problems it yields. */
final class ConfigTesting {
  static final String FILE = "netagent.yaml";

  private ConfigTesting() {}

  static DesiredState load(String yaml) {
    return ConfigLoader.parse(FILE, yaml, false).state();
  }

  static Network network(DesiredState state, String name) {
    return state.network(name).orElseThrow(() -> new AssertionError("no network " + name));
  }

  static Container container(DesiredState state, String name) {
    return state.containers().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  static ConfigException failure(String text, boolean json) {
    try {
      ConfigLoader.parse(FILE, text, json);
    } catch (ConfigException e) {
      return e;
    }
    return fail("expected a ConfigException for:%n%s", text);
  }

  static List<ConfigProblem> problems(String yaml) {
    return failure(yaml, false).problems();
  }

  static ConfigProblem problem(int line, int column, String path, String message) {
    return new ConfigProblem(FILE, line, column, path, message);
  }

  /** The file yields exactly these problems, in this order, and the exception renders them one a line. */
  static void assertProblems(String yaml, ConfigProblem... expected) {
    assertProblems(failure(yaml, false), expected);
  }

  static void assertProblems(ConfigException e, ConfigProblem... expected) {
    assertThat(e.problems()).containsExactly(expected);
    assertThat(e.getMessage()).isEqualTo(Arrays.stream(expected).map(ConfigProblem::toString).collect(Collectors.joining("\n")));
  }
}
