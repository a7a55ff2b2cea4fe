package io.netagent.shim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One in-process run of the shim: its exit code, and what it printed on stdout and stderr. */
record ShimRun(int exit, String out, String err) {
  static ShimRun run(Map<String, String> env, String stdin) {
    return run(env, stdin, Shim.DAEMON_TIMEOUT);
  }

  static ShimRun run(Map<String, String> env, String stdin, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Shim.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
        new PrintStream(err, true), timeout);
    return new ShimRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
