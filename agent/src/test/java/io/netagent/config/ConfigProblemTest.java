package io.netagent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

  @Test
  void rendersFileLineColumnPathAndMessage() {
    assertThat(new ConfigProblem("/etc/netagent/netagent.yaml", 9, 9, "containers[0].ip", "bad address"))
        .hasToString("/etc/netagent/netagent.yaml:9:9: containers[0].ip: bad address");
  }

  @Test
  void leavesOutAnEmptyPath() {
    assertThat(new ConfigProblem("netagent.yaml", 3, 1, "", "only one document is allowed"))
        .hasToString("netagent.yaml:3:1: only one document is allowed");
  }

  @Test
  void leavesOutTheLocationOfAProblemWithTheWholeFile() {
    assertThat(new ConfigProblem("netagent.yaml", 0, 0, "", "no such file")).hasToString("netagent.yaml: no such file");
  }

  @Test
  void ordersByLineThenColumn() {
    ConfigProblem file = new ConfigProblem("f", 0, 0, "", "a");
    ConfigProblem early = new ConfigProblem("f", 2, 30, "", "b");
    ConfigProblem late = new ConfigProblem("f", 3, 1, "", "c");
    ConfigProblem lateRight = new ConfigProblem("f", 3, 9, "", "d");

    assertThat(List.of(lateRight, late, early, file).stream().sorted()).containsExactly(file, early, late, lateRight);
  }

  @Test
  void exceptionSortsProblemsIntoFileOrderKeepingTiesInOrderFound() {
    ConfigProblem second = new ConfigProblem("f", 5, 1, "b", "second");
    ConfigProblem firstFound = new ConfigProblem("f", 2, 5, "a", "first found");
    ConfigProblem secondFound = new ConfigProblem("f", 2, 5, "a", "second found");

    ConfigException e = new ConfigException(List.of(second, firstFound, secondFound));

    assertThat(e.problems()).containsExactly(firstFound, secondFound, second);
    assertThat(e).hasMessage("f:2:5: a: first found\nf:2:5: a: second found\nf:5:1: b: second");
  }
}
