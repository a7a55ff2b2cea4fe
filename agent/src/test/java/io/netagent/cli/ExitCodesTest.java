package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.linux.NativeUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Whatever escapes a command is one line on stderr and an exit code, never a stack trace. */
class ExitCodesTest {
  private static final String NL = System.lineSeparator();

  /** A command whose code throws what it is given. */
  @Command(name = "throwing")
  static final class Throwing implements Callable<Integer> {
    private final Throwable thrown;

    Throwing(Throwable thrown) {
      this.thrown = thrown;
    }

    @Override
    public Integer call() throws Exception {
      if (thrown instanceof Exception e) {
        throw e;
      }
      throw (Error) thrown;
    }
  }

  /** Runs {@code netagent throwing}, a subcommand beside the real ones, as Main runs any command. */
  private static Cli.Result runThrowing(Throwable thrown) {
    CommandLine cli = new CommandLine(new Main()).addSubcommand(new Throwing(thrown));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(cli, new String[] {"throwing"}, new PrintWriter(out), new PrintWriter(err));
    return new Cli.Result(code, out.toString(), err.toString());
  }

  @Test
  void anInternalErrorIsOneLineWithoutAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new ValidateCommand()).setErr(new PrintWriter(err));

    int code = new ExitCodes().handleExecutionException(new IllegalStateException("a bug"), cmd, null);

    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).isEqualTo(Journal.prefix(Journal.ERR) + "internal error: java.lang.IllegalStateException: a bug"
        + " (NETAGENT_LOG=DEBUG shows where)" + NL);
  }

  @Test
  void anErrorThrownByACommandIsOneLineAndExitCodeOne() {
    Cli.Result r = runThrowing(new StackOverflowError());

    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(Journal.prefix(Journal.ERR) + "internal error: java.lang.StackOverflowError (NETAGENT_LOG=DEBUG shows where)" + NL);
  }

  @Test
  void aLinkageErrorWithAMessageOfSeveralLinesIsStillOneLine() {
    Cli.Result r = runThrowing(new UnsatisfiedLinkError("libx.so: cannot open shared object file\nSearch paths:\n[/lib]"));

    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).isEqualTo(Journal.prefix(Journal.ERR) + "internal error: java.lang.UnsatisfiedLinkError: libx.so: cannot open "
        + "shared object file (NETAGENT_LOG=DEBUG shows where)" + NL);
  }

  @Test
  void runningOutOfMemoryIsOneLineThatSaysSo() {
    Cli.Result r = runThrowing(new OutOfMemoryError("Java heap space"));

    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).isEqualTo(Journal.prefix(Journal.ERR) + "out of memory (java.lang.OutOfMemoryError: Java heap space); the heap's "
        + "limit is -Xmx in the JVM options (NETAGENT_JAVA_OPTS=-Xmx... raises it)" + NL);
  }

  @Test
  void aMissingLibraryIsItsOwnLineAndExitCodeTwoLikeABadFile() {
    Cli.Result r = runThrowing(new NativeUnavailableException("libnftables.so.1 cannot be loaded (cannot open shared object file: No such "
        + "file or directory): install Debian's nftables package (apt-get install nftables)"));

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo(Journal.prefix(Journal.ERR) + "libnftables.so.1 cannot be loaded (cannot open shared object file: No such "
        + "file or directory): install Debian's nftables package (apt-get install nftables)" + NL);
  }
}
