package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd/netagent-cni.sh on the packaged jar, run as a runtime runs a plugin: environment and stdin. */
class LauncherIT {
  private static final Path ROOT = Path.of(System.getProperty("netagent.root", ".."));
  private static final Path JAR = Path.of(System.getProperty("netagent.cni.jar", "target/netagent-cni.jar"));

  @TempDir
  Path lib;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void install() throws IOException {
    Files.copy(JAR, lib.resolve("netagent-cni.jar"));
    Files.copy(ROOT.resolve("systemd/cni-jvm.options"), lib.resolve("cni-jvm.options"));
  }

  private Result launch(Map<String, String> env, String stdin) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("systemd/netagent-cni.sh").toString());
    builder.environment().put("NETAGENT_CNI_LIB", lib.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out, err);
  }

  private void classCache(Path jar) throws Exception {
    Process process = new ProcessBuilder(ROOT.resolve("systemd/class-cache.sh").toString(), jar.toString(),
        lib.resolve("netagent-cni.jsa").toString(), lib.resolve("cni-jvm.options").toString()).inheritIO().start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(lib.resolve("netagent-cni.jsa")).exists();
  }

  @Test
  void versionAsPodmanAsksIt() throws Exception {
    classCache(lib.resolve("netagent-cni.jar"));

    Result result = launch(Map.of("CNI_COMMAND", "VERSION", "CNI_CONTAINERID", "dummy"), "{\"cniVersion\":\"0.4.0\"}");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void anAddWithoutTheDaemonPrintsOnlyTheError() throws Exception {
    Path socket = lib.resolve("absent.sock");

    Result result = launch(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c0ffee", "CNI_IFNAME", "eth0"),
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"netagent\",\"socket\":" + Json.quote(socket.toString()) + "}");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"the netagent daemon is not running (no socket at "
        + socket + ")\"}\n");
  }

  @Test
  void aStaleClassCacheLeavesStdoutClean() throws Exception {
    // A cache made for another jar: by default java warns about it on stdout, which the runtime would parse.
    Path other = lib.resolve("other.jar");
    Files.copy(lib.resolve("netagent-cni.jar"), other, StandardCopyOption.REPLACE_EXISTING);
    classCache(other);

    Result result = launch(Map.of("CNI_COMMAND", "VERSION"), "");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");
  }
}
