package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodesTest {
  @Test
  void anInternalErrorIsOneLineWithoutAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new ValidateCommand()).setErr(new PrintWriter(err));

    int code = new ExitCodes().handleExecutionException(new IllegalStateException("a bug"), cmd, null);

    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).isEqualTo(Journal.prefix(Journal.ERR) + "internal error: java.lang.IllegalStateException: a bug"
        + " (NETAGENT_LOG=DEBUG shows where)" + System.lineSeparator());
  }
}
