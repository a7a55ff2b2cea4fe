package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command, with the JVM options it ships (systemd/jvm.options: a 96 MiB heap), given
 * input without an end: a device, a FIFO nobody writes to, a file far over the limit. Each is
 * refused in one line that says where and why, exit 2, at once: no hang, no OutOfMemoryError, no
 * stack trace.
 */
class UnboundedInputIT {
  private static final Path JAR = Path.of(System.getProperty("netagent.jar"));
  private static final Path ROOT = Path.of(System.getProperty("netagent.root"));

  @TempDir
  Path dir;

  private Processes.Result netagent(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + ROOT.resolve("systemd/jvm.options"), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return Processes.run(dir, command);
  }

  private static void assertRefused(Processes.Result r, String line) {
    assertThat(r.code()).as("exit code\nstderr: %s", r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(line + "\nnetagent: 1 problem(s) in the configuration; nothing was changed\n");
  }

  @Test
  void validateOfDevZero() throws Exception {
    assertRefused(netagent("validate", "-c", "/dev/zero"), "/dev/zero: is a character device, not a regular file");
  }

  @Test
  void validateOfAFifoNobodyWritesTo() throws Exception {
    Path fifo = dir.resolve("netagent.yaml");
    Sh.ok("mkfifo", fifo.toString());

    assertRefused(netagent("validate", "-c", fifo.toString()), fifo + ": is a FIFO, not a regular file");
  }

  @Test
  void planOfAFileOfAGigabyte() throws Exception {
    Path huge = dir.resolve("huge.yaml");
    // Sparse: a gigabyte that takes no disk.
    Sh.ok("truncate", "-s", "1G", huge.toString());

    assertRefused(netagent("plan", "--kernel", "fake", "-c", huge.toString()),
        huge + ": is larger than 1 MiB, the limit for a configuration file");
    assertThat(Files.size(huge)).isEqualTo(1L << 30);
  }
}
