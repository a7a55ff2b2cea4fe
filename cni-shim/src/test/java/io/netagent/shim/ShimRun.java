package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of the built executable as a runtime runs a plugin: exactly the given environment
 * (nothing inherited but PATH, and the sanitizers' options when the build has them) and stdin;
 * its exit code, and what it printed on stdout and stderr.
 */
record ShimRun(int exit, byte[] stdout, String out, String err) {
  /** cni-shim/target/netagent-cni, as the build made it (surefire names it). */
  static final Path BIN = Path.of(System.getProperty("netagent.cni.bin", "target/netagent-cni")).toAbsolutePath();

  static ShimRun run(Map<String, String> env, String stdin) {
    return run(env, stdin.getBytes(StandardCharsets.UTF_8));
  }

  static ShimRun run(Map<String, String> env, byte[] stdin) {
    return under(List.of(), env, stdin);
  }

  /**
   * Runs {@code prefix} with the executable's path as its last argument, e.g.
   * {@code sh -c 'umask 0277; exec "$0"'}.
   */
  static ShimRun under(List<String> prefix, Map<String, String> env, byte[] stdin) {
    List<String> command = new ArrayList<>(prefix);
    command.add(BIN.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String name : new String[] {"ASAN_OPTIONS", "UBSAN_OPTIONS"}) {
      if (System.getenv(name) != null) {
        builder.environment().put(name, System.getenv(name));
      }
    }
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      // Written aside: the shim may stop reading (oversized stdin) while it prints.
      CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
        try (OutputStream to = process.getOutputStream()) {
          to.write(stdin);
        } catch (IOException e) {
          // It stopped reading; what it answered says why.
        }
      });
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      boolean ended = process.waitFor(60, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly();
      }
      assertThat(ended).as("the shim ended within 60 s").isTrue();
      in.join();
      byte[] stdout = out.join();
      return new ShimRun(process.exitValue(), stdout, new String(stdout, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A prefix for {@link #under} that sets the environment variable to exactly these bytes: Java
   * passes environment values in the JVM's own encoding, which need not be UTF-8 (nor allow
   * ill-formed bytes), while a runtime passes whatever bytes it has.
   */
  static List<String> withVariable(String name, byte[] value) {
    StringBuilder octal = new StringBuilder();
    for (byte b : value) {
      octal.append(String.format("\\%03o", b & 0xff));
    }
    // The x keeps a trailing newline from the command substitution, which would strip it.
    return List.of("sh", "-c", "v=\"$(printf '" + octal + "x')\"; export " + name + "=\"${v%x}\"; exec \"$0\"");
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
  }
}
