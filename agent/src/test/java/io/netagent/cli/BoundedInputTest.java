package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.api.ApiProtocol;
import io.netagent.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input without an end or too large is refused in a line that says where and why, exit 2, before anything else happens. */
class BoundedInputTest {
  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;

  @Test
  void validateOfDevZeroSaysItIsNoFile() {
    Cli.Result r = Cli.run("validate", "-c", "/dev/zero");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(Journal.tag(Journal.ERR) + "/dev/zero: is a character device, not a regular file" + NL
        + Journal.prefix(Journal.ERR) + "1 problem(s) in the configuration; nothing was changed" + NL);
  }

  @Test
  void aConfigurationOverTheLimitIsRefused() throws IOException {
    Path big = Files.writeString(dir.resolve("big.yaml"), "#".repeat(ConfigLoader.MAX_BYTES + 1));

    for (Cli.Result r : new Cli.Result[] {Cli.run("validate", "-c", big.toString()), Cli.run("plan", "--kernel", "fake", "-c", big.toString())}) {
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith(Journal.tag(Journal.ERR) + big + ": is larger than 1 MiB, the limit for a configuration file" + NL);
    }
  }

  @Test
  void aFileWithThousandsOfProblemsListsAHundredAndSaysHowManyThereAre() throws IOException {
    Path many = Files.writeString(dir.resolve("many.yaml"), "networks: [" + "1,".repeat(4_999) + "1]\n");

    Cli.Result r = Cli.run("validate", "-c", many.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines()).hasSize(101)
        .last().isEqualTo(Journal.prefix(Journal.ERR) + "5000 problem(s) in the configuration (the first 100 listed); nothing was changed");
  }

  @Test
  void attachOfDevZeroSaysItIsNoFile() {
    Cli.Result r = Cli.run("attach", "--file", "/dev/zero", "--state-dir", dir.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo(Journal.prefix(Journal.ERR) + "--file /dev/zero: is a character device, not a regular file" + NL);
  }

  @Test
  void anAttachRequestOverTheApisLimitIsRefusedBeforeItIsSent() throws IOException {
    Path big = Files.writeString(dir.resolve("request.json"), " ".repeat(ApiProtocol.MAX_BODY + 1));

    Cli.Result r = Cli.run("attach", "--file", big.toString(), "--state-dir", dir.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo(Journal.prefix(Journal.ERR) + "--file " + big + ": is larger than 64 KiB, the limit for a request to "
        + "the daemon" + NL);
  }
}
