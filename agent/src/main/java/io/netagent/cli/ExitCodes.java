package io.netagent.cli;

import io.netagent.api.ApiRequestException;
import io.netagent.config.ConfigException;
import io.netagent.config.TextFile;
import io.netagent.error.NetagentException;
import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.linux.NativeUnavailableException;
import io.netagent.linux.SystemCallException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The only place that turns outcomes into exit codes: 0 success, 1 runtime failure, 2 invalid
 * usage, configuration or attach request (a 400 from the daemon, or a request file netagent
 * refuses to send), or a host without a library netagent needs. 2 means "running again as it is
 * fails the same way": the systemd unit does not restart the daemon on it
 * (RestartPreventExitStatus=2).
 *
 * <p>Whatever escapes a command, exceptions and errors alike, ends here as one line (or one line
 * per configuration problem) and an exit code; where a bug happened goes to the debug log.
 */
final class ExitCodes implements IExecutionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ExitCodes.class);
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  /** The message, with the I/O cause that says what the file system refused. */
  private static String message(Throwable e) {
    return e instanceof UncheckedIOException io ? io.getMessage() + ": " + io.getCause().getMessage() : e.getMessage();
  }

  private static String permissionHint(Throwable e) {
    boolean denied = e instanceof KernelException k && k.errno() == Errno.EPERM
        || e instanceof SystemCallException s && s.errno() == Errno.EPERM
        || e instanceof UncheckedIOException io && io.getCause() instanceof AccessDeniedException
        || e.getCause() instanceof KernelException k2 && k2.errno() == Errno.EPERM;
    return denied ? "\n(changing the kernel needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN)" : "";
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    return handle(e, cmd);
  }

  /** Reports {@code e}, which escaped {@code cmd}, on its error stream and returns the exit code. */
  int handle(Throwable e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    try {
      return report(e, cmd, err);
    } finally {
      err.flush();
    }
  }

  private static int report(Throwable e, CommandLine cmd, PrintWriter err) {
    if (e instanceof ConfigException config) {
      config.problems().forEach(p -> err.println(Journal.tag(Journal.ERR) + p));
      String listed = config.count() > config.problems().size() ? " (the first " + config.problems().size() + " listed)" : "";
      err.printf("%s%d problem(s) in the configuration%s; nothing was changed%n", Journal.prefix(Journal.ERR), config.count(), listed);
      return USAGE;
    }
    if (e instanceof ParameterException usage) {
      err.println(Journal.prefix(Journal.ERR) + usage.getMessage());
      err.println("Try 'netagent " + cmd.getCommandName() + " --help'.");
      return USAGE;
    }
    if (e instanceof ApiRequestException request && request.status() == 400) {
      err.println(Journal.prefix(Journal.ERR) + request.getMessage().replace("\n", "\n" + Journal.tag(Journal.ERR)));
      return USAGE;
    }
    if (e instanceof TextFile.UnreadableException unreadable) {
      err.println(Journal.prefix(Journal.ERR) + unreadable.getMessage());
      return USAGE;
    }
    if (e instanceof NativeUnavailableException missing) {
      err.println(Journal.prefix(Journal.ERR) + missing.getMessage());
      return USAGE;
    }
    if (e instanceof NetagentException || e instanceof SystemCallException || e instanceof UncheckedIOException) {
      err.println(Journal.prefix(Journal.ERR) + (message(e) + permissionHint(e)).replace("\n", "\n" + Journal.tag(Journal.ERR)));
      return FAILURE;
    }
    if (e instanceof OutOfMemoryError) {
      err.println(Journal.prefix(Journal.ERR) + "out of memory (" + firstLine(e) + "); the heap's limit is -Xmx in the JVM options "
          + "(NETAGENT_JAVA_OPTS=-Xmx... raises it)");
      return FAILURE;
    }
    // A bug, not the user's doing: one line on the screen, where it happened in the debug log.
    err.println(Journal.prefix(Journal.ERR) + "internal error: " + firstLine(e) + " (NETAGENT_LOG=DEBUG shows where)");
    LOG.debug("internal error", e);
    return FAILURE;
  }

  /** What the throwable says of itself, on one line: its class and the first line of its message. */
  static String firstLine(Throwable e) {
    return e.toString().lines().findFirst().orElse(e.getClass().getName());
  }
}
