package io.netagent.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code netagent} command: the entry point and the wiring of its subcommands. */
@Command(name = "netagent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Makes the kernel's container networking (bridges, veth pairs, addresses, routes, ARP proxy entries, " +
        "NAT) match one declared configuration, and shows the difference as a plan first.",
        ""},
    subcommands = {PlanCommand.class, ApplyCommand.class, ConfirmCommand.class, RollbackCommand.class, DownCommand.class,
        StatusCommand.class, GraphCommand.class, ProbeCommand.class, TraceCommand.class, RunCommand.class, ReloadCommand.class,
        NamespacesCommand.class, AttachCommand.class, DetachCommand.class, AttachmentsCommand.class, ValidateCommand.class,
        ClassCacheCommand.class, HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 1 runtime failure (including a plan blocked by conflicts, or no daemon running for " +
        "attach, detach and attachments), 2 invalid usage, configuration or attach request, or a host without libnftables " +
        "(Debian's nftables package).",
        "Start with: netagent plan"})
public final class Main implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  public static void main(String[] args) {
    // A thread of the command's own that dies is logged in one line, never with Java's stack trace.
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      Logger log = LoggerFactory.getLogger(Main.class);
      log.error("thread {} ended: {}", thread.getName(), ExitCodes.firstLine(e));
      log.debug("thread {} ended", thread.getName(), e);
    });
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Path.of(ConfigSource.INSTALLED_PATH));
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter)}, with the installed configuration (what
   * commands read without -c) at {@code installedConfig}: for tests, whose outcome must not depend
   * on whether the machine they run on has netagent installed.
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, Path installedConfig) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    return run(new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K created = defaults.create(type);
        if (created instanceof ConfigSource source) {
          source.installed = installedConfig;
        }
        return created;
      }
    }), args, out, err);
  }

  /**
   * Runs {@code cli}: picocli hands a command's exceptions to {@link ExitCodes} but lets errors
   * (a StackOverflowError, an UnsatisfiedLinkError, ...) through, so they are caught here.
   */
  static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandSummary.commandList());
    ExitCodes exitCodes = new ExitCodes();
    cli.setExecutionExceptionHandler(exitCodes);
    // Bad arguments, found while parsing or by a command (a missing -c): the message and a pointer
    // to --help, as for every other bad input, not picocli's default of the whole usage text.
    cli.setParameterExceptionHandler((e, arguments) -> exitCodes.handle(e, e.getCommandLine()));
    int code;
    try {
      code = cli.execute(args);
    } catch (Throwable e) {
      code = exitCodes.handle(e, cli);
    }
    out.flush();
    err.flush();
    return code;
  }
}
