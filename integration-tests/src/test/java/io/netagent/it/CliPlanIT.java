package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command as a user meets it: {@code netagent plan} run by a user who is not root,
 * with no arguments and no configuration, plans the built-in example against an empty
 * in-memory kernel. When the tests run as root the command is started as {@code nobody}.
 *
 * <p>Whatever the machine: the commands that rely on there being no configuration run as if
 * netagent were not installed ({@link #uninstalled}), and root's plan of the live kernel reads a
 * throwaway namespace's, never the machine's own.
 */
class CliPlanIT {
  private static final Path JAR = Path.of(System.getProperty("netagent.jar"));
  private static final Path ROOT = Path.of(System.getProperty("netagent.root"));
  private static final int NOBODY = 65534;

  @TempDir
  Path dir;

  /** The command line that runs the jar as a user who is not root. */
  private List<String> asNonRoot(String... args) throws IOException {
    Path jar = dir.resolve("netagent.jar");
    Files.copy(JAR, jar, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> command = new ArrayList<>();
    if (Processes.uid() == 0) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * {@code command} as on a machine where netagent is not installed and no daemon runs: in a
   * private mount namespace where /etc/netagent, should the machine have it, is hidden under an
   * empty file system, with a state directory of its own (where no daemon's socket is).
   */
  private static List<String> uninstalled(Path stateDir, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("env", "NETAGENT_STATE_DIR=" + stateDir, "unshare", "--mount", "--propagation", "private",
        "sh", "-c", "{ [ ! -e /etc/netagent ] || mount -t tmpfs -o ro,mode=0755 netagent-it /etc/netagent; } && exec \"$@\"", "sh"));
    wrapped.addAll(command);
    return wrapped;
  }

  @Test
  void planWithNoArgumentsAsNonRootPlansTheBuiltInExample() throws Exception {
    Processes.Result whoami = Processes.run(dir, asNonRoot("--version"));
    assertThat(whoami.code()).as(whoami.err()).isZero();

    Processes.Result r = Processes.run(dir, uninstalled(dir.resolve("state"), asNonRoot("plan", "--output", "json")));

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode plan = new ObjectMapper().readTree(r.out());
    assertThat(plan.get("configuration").asText()).isEqualTo("built-in example");
    assertThat(plan.get("kernel").asText()).isEqualTo("an empty in-memory kernel");
    JsonNode ops = plan.get("operations");
    assertThat(ops.size()).isGreaterThan(10);
    for (JsonNode op : ops) {
      assertThat(op.fieldNames()).toIterable().contains("index", "action", "type", "namespace", "object", "reason", "command");
    }
    assertThat(ops).extracting(op -> op.get("object").asText()).contains("namespace web", "nftables table ip netagent");
  }

  @Test
  void theLauncherRunsThePlan() throws Exception {
    List<String> launcher = List.of("bash", ROOT.resolve("netagent").toString(), "plan");
    Processes.Result r = Processes.run(ROOT, uninstalled(dir.resolve("state"), concat(launcher, "--kernel", "fake")));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("netagent plan: built-in example against an empty in-memory kernel").containsPattern("Plan: \\d+ to create");
    // As the README's first command, for whoever runs it: root plans against the live kernel,
    // read-only; here a throwaway namespace's, where nothing of the example exists yet.
    try (Lab lab = new Lab()) {
      Agent agent = new Agent(lab);
      List<String> inLab = concat(List.of("nsenter", "--net=/run/netns/" + lab.host), launcher.toArray(String[]::new));
      Processes.Result plain = Processes.run(ROOT, uninstalled(agent.stateDir(), inLab));
      assertThat(plain.code()).as(plain.err()).isZero();
      assertThat(plain.out()).contains("netagent plan: built-in example against the live kernel")
          .contains("+ bridge nbr0 ", "+ nftables table ip netagent");
    }
    // The launcher made its class cache beside the jar (systemd/class-cache.sh).
    assertThat(ROOT.resolve("agent/target/netagent.jsa")).isNotEmptyFile();
  }

  private static List<String> concat(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }

  @Test
  void anInvalidConfigurationExitsWithTwoAndSaysWhere() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "networks:\n  - name: n\n    bridge: br0\n    subnet: 10.0.0.0/33\n    gateway: 10.0.0.1\n");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r--r--"));

    Processes.Result r = Processes.run(dir, asNonRoot("plan", "-c", bad.toString()));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith(bad + ":4:13: networks[0].subnet: ");
  }
}
