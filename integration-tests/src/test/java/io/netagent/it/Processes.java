package io.netagent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and captures what it printed; a generous bound catches hangs. */
final class Processes {
  private Processes() {}

  record Result(int code, String out, String err) {}

  static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
    return run(directory, command, java.util.Map.of(), null);
  }

  /**
   * Runs {@code command} with exactly the environment {@code env} (nothing inherited) when it is
   * not empty, and {@code stdin} (or nothing) on its standard input.
   */
  static Result run(Path directory, List<String> command, java.util.Map<String, String> env, String stdin) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    if (!env.isEmpty()) {
      builder.environment().clear();
      builder.environment().putAll(env);
    }
    Process process = builder.start();
    if (stdin != null) {
      try (java.io.OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    process.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("command did not finish within 10 minutes: " + command);
    }
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The numeric user id this JVM runs as. */
  static long uid() throws IOException {
    return (Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }
}
