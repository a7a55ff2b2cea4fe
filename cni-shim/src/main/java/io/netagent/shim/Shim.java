package io.netagent.shim;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The netagent CNI plugin, a thin shim in the "thick plugin" style: the runtime runs it once per
 * container event with the CNI environment and the network configuration on stdin; it answers
 * VERSION itself and forwards every other command to the netagent daemon ({@code POST /cni} on
 * its Unix socket, body as in {@link CniRequest}), then prints the daemon's answer. The runtime
 * parses stdout, so only the answer or a CNI error ever goes there; diagnostics go to stderr.
 */
public final class Shim {
  /** Generous: an ADD is answered once the kernel has converged for it. */
  static final Duration DAEMON_TIMEOUT = Duration.ofMinutes(5);

  private static final String COMMANDS = "ADD, DEL, CHECK, STATUS, GC or VERSION";

  private Shim() {}

  public static void main(String[] args) {
    PrintStream stdout = System.out;
    // Whatever else might print to System.out (nothing should) goes to stderr instead.
    System.setOut(System.err);
    int status = args.length == 1 && args[0].equals("class-cache") ? ClassCacheRun.run() : run(System.getenv(), System.in, stdout, System.err);
    stdout.flush();
    System.exit(status);
  }

  /**
   * Serves one CNI call.
   *
   * @return the exit code: 0 for success, 1 after printing a CNI error
   */
  public static int run(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    return run(env, in, out, err, DAEMON_TIMEOUT);
  }

  static int run(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Duration timeout) {
    String version = null;
    try {
      String command = env.get("CNI_COMMAND");
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      JsonObject config = null;
      CniError undecodable = null;
      // Some tools send VERSION with nothing on stdin; everything else needs the configuration.
      if (!text.isBlank() || !"VERSION".equals(command)) {
        try {
          config = JsonReader.object(text);
          version = config.string("cniVersion");
        } catch (IllegalArgumentException e) {
          undecodable = new CniError(CniError.DECODE_FAILURE, "the network configuration on stdin is not a JSON object", e.getMessage());
        }
      }
      if (command == null || command.isEmpty()) {
        throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_COMMAND is not set (expected " + COMMANDS + ")");
      }
      if (!isCommand(command)) {
        throw new CniError(CniError.INVALID_ENVIRONMENT, "unknown CNI_COMMAND " + Json.quote(command) + " (expected " + COMMANDS + ")");
      }
      if (undecodable != null) {
        throw undecodable;
      }
      if (command.equals("VERSION")) {
        print(out, CniVersions.answer(version));
        return 0;
      }
      checkVersion(config, version);
      return forward(new CniRequest(command, env, text, config), out, err, timeout);
    } catch (CniError e) {
      print(out, e.json(version == null ? CniVersions.LATEST : version));
      return 1;
    } catch (Throwable t) {
      // Never a stack trace: one line to stderr, and a CNI error the runtime can show.
      err.println("netagent-cni: internal error: " + t);
      print(out, new CniError(CniError.INTERNAL, "internal error in the netagent CNI plugin", String.valueOf(t))
          .json(version == null ? CniVersions.LATEST : version));
      return 1;
    }
  }

  private static boolean isCommand(String command) {
    switch (command) {
      case "ADD", "DEL", "CHECK", "STATUS", "GC", "VERSION":
        return true;
      default:
        return false;
    }
  }

  private static void checkVersion(JsonObject config, String version) {
    if (version == null) {
      throw new CniError(CniError.INCOMPATIBLE_VERSION, config.has("cniVersion")
          ? "the network configuration's cniVersion must be a string (supported: " + CniVersions.list() + ")"
          : "the network configuration names no cniVersion (supported: " + CniVersions.list() + ")");
    }
    if (!CniVersions.supported(version)) {
      throw new CniError(CniError.INCOMPATIBLE_VERSION,
          "CNI version " + version + " is not supported by netagent (supported: " + CniVersions.list() + ")");
    }
  }

  private static int forward(CniRequest request, PrintStream out, PrintStream err, Duration timeout) {
    String body = request.body();
    HttpResponse response;
    try {
      response = DaemonConnection.post(request.socket(), "/cni", body, timeout);
    } catch (DaemonAbsentException absent) {
      switch (request.command()) {
        case "DEL":
          // A failed DEL can leave the pod stuck: the daemon does it when it starts (DelSpool).
          err.println("netagent-cni: " + absent.getMessage() + "; the DEL is recorded in " + DelSpool.record(request, body)
              + " for it to do when it starts");
          return 0;
        case "STATUS":
          throw new CniError(CniError.NOT_AVAILABLE, absent.getMessage());
        default:
          throw new CniError(CniError.TRY_AGAIN_LATER, absent.getMessage());
      }
    }
    byte[] answer = response.body();
    if (response.status() >= 200 && response.status() < 300) {
      out.write(answer, 0, answer.length);
      return 0;
    }
    if (isCniError(response.bodyText())) {
      out.write(answer, 0, answer.length);
      return 1;
    }
    String text = response.bodyText().strip();
    throw new CniError(CniError.IO_FAILURE, "the netagent daemon answered HTTP " + response.status() + " without a CNI error",
        "HTTP " + response.status() + ": " + (text.length() > 4096 ? text.substring(0, 4096) + "..." : text));
  }

  /** Whether the text is a CNI error object: a numeric {@code code} and a string {@code msg}. */
  static boolean isCniError(String text) {
    try {
      JsonObject error = JsonReader.object(text);
      return error.kind("code") == '0' && error.kind("msg") == '"';
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** As UTF-8 whatever the locale (a runtime may run plugins under the C locale). */
  private static void print(PrintStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }
}
