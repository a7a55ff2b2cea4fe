package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigException;
import io.netagent.config.ConfigProblem;
import io.netagent.linux.NativeUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The units in systemd/ agree with the exit codes the commands give and the sockets the daemon opens. */
class SystemdUnitsTest {
  private static final Path UNITS = Path.of("../systemd");

  /** The lines of each unit file in systemd/, by the unit's name. */
  static Map<String, List<String>> units() throws IOException {
    Map<String, List<String>> units = new TreeMap<>();
    try (Stream<Path> files = Files.list(UNITS)) {
      for (Path unit : files.filter(p -> p.toString().endsWith(".service")).toList()) {
        units.put(unit.getFileName().toString(), Files.readAllLines(unit));
      }
    }
    return units;
  }

  /** The values of every {@code KEY=} line of a unit, in order. */
  private static List<String> directive(String unit, String key) throws IOException {
    return units().get(unit).stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
  }

  private static int exitCodeOf(Throwable e) {
    return new ExitCodes().handle(e, new CommandLine(new Main()).setErr(new PrintWriter(new StringWriter())));
  }

  @Test
  void theDaemonIsRestartedAfterAFailureButNotForABadFileOrAMissingLibrary() throws IOException {
    List<String> prevented = directive("netagent.service", "RestartPreventExitStatus").stream().flatMap(v -> Arrays.stream(v.split("\\s+")))
        .toList();

    assertThat(directive("netagent.service", "Restart")).containsExactly("on-failure");
    assertThat(prevented).contains(String.valueOf(exitCodeOf(new ConfigException(List.of(new ConfigProblem("f", 1, 1, "", "bad"))))));
    assertThat(prevented).contains(String.valueOf(exitCodeOf(new NativeUnavailableException("libnftables.so.1 cannot be loaded"))));
    assertThat(prevented).doesNotContain(String.valueOf(exitCodeOf(new IllegalStateException("a bug"))),
        String.valueOf(exitCodeOf(new OutOfMemoryError())));
  }

  /** The metrics listener (run --metrics-listen) may bind a loopback address and nothing else may be reached over IP. */
  @Test
  void theDaemonMayUseIpOnlyOnLoopback() throws IOException {
    assertThat(directive("netagent.service", "RestrictAddressFamilies")).singleElement()
        .satisfies(families -> assertThat(families.split(" ")).containsExactlyInAnyOrder("AF_UNIX", "AF_NETLINK", "AF_INET", "AF_INET6"));
    assertThat(directive("netagent.service", "IPAddressDeny")).containsExactly("any");
    assertThat(directive("netagent.service", "IPAddressAllow")).containsExactly("localhost");
  }
}
