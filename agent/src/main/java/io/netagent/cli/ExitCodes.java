package io.netagent.cli;

import io.netagent.error.ConfigException;
import io.netagent.error.NetagentException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The only place that turns outcomes into exit codes: 0 success, 1 runtime failure, 2 invalid usage or configuration. */
final class ExitCodes implements IExecutionExceptionHandler {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (e instanceof ConfigException config) {
      config.problems().forEach(err::println);
      err.printf("netagent: %d problem(s) in the configuration; nothing was changed%n", config.problems().size());
      err.flush();
      return USAGE;
    }
    if (e instanceof NetagentException) {
      err.println("netagent: " + e.getMessage());
      err.flush();
      return FAILURE;
    }
    err.println("netagent: internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return FAILURE;
  }
}
