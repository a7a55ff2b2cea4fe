package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host without Debian's nftables package, made honestly: netagent runs in a mount namespace of
 * its own where an overlay hides every {@code libnftables.so*} from each directory the dynamic
 * loader finds it in (a whiteout, so the file is not there at all, as on such a host). Every
 * command that needs the live kernel says so in one line naming the library and the package, exits
 * 2 without a stack trace and changes nothing; {@code run} stops the same way at once (the unit's
 * RestartPreventExitStatus=2 then keeps systemd from restarting it).
 */
@ExtendWith(LabExtension.class)
class NoLibnftablesIT {
  private static final String MESSAGE = "netagent: libnftables.so.1 cannot be loaded (cannot open shared object file: No such file or "
      + "directory): install Debian's nftables package (apt-get install nftables)\n";

  /**
   * Mounts a tmpfs on the scratch directory ($1), then an overlay on each directory up to "--"
   * whose upper layer holds a whiteout for each libnftables file, checks they are gone, and runs
   * the rest. unshare --mount makes every mount private, so none of this reaches the machine.
   */
  private static final String HIDE = """
      set -eu
      scratch=$1; shift
      mount -t tmpfs tmpfs "$scratch"
      n=0
      while [ "$1" != -- ]; do
        dir=$1; shift; n=$((n + 1))
        mkdir -p "$scratch/$n/upper" "$scratch/$n/work"
        for f in "$dir"/libnftables.so*; do mknod "$scratch/$n/upper/${f##*/}" c 0 0; done
        mount -t overlay overlay -o "lowerdir=$dir,upperdir=$scratch/$n/upper,workdir=$scratch/$n/work" "$dir"
        if ls "$dir"/libnftables.so* >/dev/null 2>&1; then echo "libnftables is still in $dir" >&2; exit 99; fi
      done
      shift
      exec "$@"
      """;

  private Lab lab;
  private Agent agent;

  @TempDir
  Path scratch;

  /** The directories the dynamic loader finds libnftables.so.1 in, as ldconfig's cache lists them, resolved. */
  private static List<Path> libraryDirectories() {
    TreeSet<Path> dirs = new TreeSet<>();
    for (String line : Sh.ok("ldconfig", "-p").split("\n")) {
      if (line.trim().startsWith("libnftables.so.1 ")) {
        try {
          dirs.add(Path.of(line.substring(line.indexOf("=> ") + 3).trim()).toRealPath().getParent());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    assertThat(dirs).as("libnftables.so.1 is installed here (the kernel tests need it), so hiding it is what this test does").isNotEmpty();
    return List.copyOf(dirs);
  }

  private Processes.Result withoutLibnftables(String... args) {
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "bash", "-c", HIDE, "bash",
        scratch.toString()));
    libraryDirectories().forEach(d -> command.add(d.toString()));
    command.add("--");
    command.addAll(agent.command(args));
    return Sh.run(command.toArray(String[]::new));
  }

  private Path config() {
    return lab.config("""
        networks:
          - { name: lab, bridge: b%1$s, subnet: 10.214.0.0/24, gateway: 10.214.0.1 }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: v%1$s1, ip: 10.214.0.11 }
        """.formatted(lab.id, lab.ns("c1")));
  }

  private static void assertOneLineExitTwo(Processes.Result r, String what) {
    assertThat(r.code()).as("%s exit code\nstderr: %s", what, r.err()).isEqualTo(2);
    assertThat(r.err()).as("%s stderr", what).isEqualTo(MESSAGE);
    assertThat(r.out()).as("%s stdout", what).isEmpty();
  }

  @Test
  void everyCommandOnTheLiveKernelSaysWhichPackageIsMissingInOneLineAndExitsTwo() throws Exception {
    Path config = config();
    assertThat(agent.run("plan", "--kernel", "live", "-c", config.toString()).code()).as("with the library, the plan works").isZero();
    String linksBefore = lab.ip(lab.host, "link", "show").toString();

    assertOneLineExitTwo(withoutLibnftables("plan", "--kernel", "live", "-c", config.toString()), "plan");
    assertOneLineExitTwo(withoutLibnftables("status", "-c", config.toString()), "status");
    assertOneLineExitTwo(withoutLibnftables("apply", "-c", config.toString()), "apply");
    assertOneLineExitTwo(withoutLibnftables("down", "-c", config.toString()), "down");

    assertThat(lab.ip(lab.host, "link", "show").toString()).as("links of the lab's host").isEqualTo(linksBefore);
    assertThat(lab.namespaces()).as("no namespace was created").containsExactly(lab.host);
    assertThat(Files.exists(scratch.resolve("1"))).as("the overlay's layers were on a tmpfs of the private mount namespace only").isFalse();
  }

  @Test
  void theDaemonStopsAtOnceWithTheSameLineInsteadOfFailingLater() {
    Processes.Result r = withoutLibnftables("run", "--namespaces", "external", "-c", config().toString());

    assertOneLineExitTwo(r, "run");
    assertThat(lab.ip(lab.host, "link", "show", "group", "5128519").toString()).as("links in netagent's group").doesNotContain("ifname");
    assertThat(agent.stateDir().resolve("netagent.sock")).as("the API never listened").doesNotExist();
  }
}
