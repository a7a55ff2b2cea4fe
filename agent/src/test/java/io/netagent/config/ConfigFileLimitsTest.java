package io.netagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a configuration file may be: a regular file of at most 1 MiB (ConfigFormatsTest has a
 * missing file, a directory, text that is not UTF-8). Anything else is one problem with the whole
 * file, told without reading more than the limit, and never a hang.
 */
class ConfigFileLimitsTest {
  @TempDir
  Path dir;

  private static String refusal(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
    assertThat(e).as("a ConfigException for %s", file).isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.getMessage();
  }

  @Test
  void aDeviceThatNeverEndsIsRefusedWithoutReadingIt() {
    assertThat(refusal(Path.of("/dev/zero"))).isEqualTo("/dev/zero: is a character device, not a regular file");
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("netagent.yaml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

    // Opening a FIFO nobody writes to would block for ever.
    String message = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> refusal(fifo));

    assertThat(message).isEqualTo(fifo + ": is a FIFO, not a regular file");
  }

  @Test
  void aFileOverTheLimitIsRefusedNamingTheLimit() throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "networks: []\n" + "#".repeat(ConfigLoader.MAX_BYTES - 13) + "\n");
    assertThat(Files.size(big)).isEqualTo(ConfigLoader.MAX_BYTES + 1);

    assertThat(refusal(big)).isEqualTo(big + ": is larger than 1 MiB, the limit for a configuration file");
  }

  @Test
  void aFileOfExactlyTheLimitIsRead() throws IOException {
    Path full = dir.resolve("full.yaml");
    Files.writeString(full, "networks: []\n" + "#".repeat(ConfigLoader.MAX_BYTES - 14) + "\n");
    assertThat(Files.size(full)).isEqualTo(ConfigLoader.MAX_BYTES);

    assertThat(ConfigLoader.load(full).state().networks()).isEmpty();
  }

  @Test
  void aSymbolicLinkToAFileIsFollowed() throws IOException {
    Path file = Files.writeString(dir.resolve("real.yaml"), "networks: []\n");
    Path link = Files.createSymbolicLink(dir.resolve("netagent.yaml"), file);

    assertThat(ConfigLoader.load(link).source()).isEqualTo(link.toString());
  }

  @Test
  void aFileWithAHugeNumberOfProblemsListsTheFirstHundredAndCountsTheRest() {
    String text = "networks: [" + "1,".repeat(9_999) + "1]\n";

    assertThatThrownBy(() -> ConfigLoader.parse("many.yaml", text, false)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.count()).isEqualTo(10_000);
      assertThat(e.problems()).hasSize(100);
      assertThat(e.problems().get(0)).hasToString("many.yaml:1:12: networks[0]: network must be a mapping, not an integer (1)");
      assertThat(e.getMessage()).endsWith("\n... and 9900 more problem(s)");
    });
  }
}
