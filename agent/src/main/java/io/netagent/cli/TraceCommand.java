package io.netagent.cli;

import io.netagent.daemon.Daemon;
import io.netagent.kernel.KernelTrace;
import io.netagent.kernel.Probe;
import io.netagent.kernel.netlink.NetlinkPacketProber;
import io.netagent.linux.nftables.Nftables;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.ModelException;
import io.netagent.report.Json;
import io.netagent.trace.KernelSteps;
import io.netagent.trace.ModelTrace;
import io.netagent.trace.Packet;
import io.netagent.trace.Places;
import io.netagent.trace.Sides;
import io.netagent.trace.TraceInputException;
import io.netagent.trace.TraceJson;
import io.netagent.trace.TraceQuery;
import io.netagent.trace.TraceReport;
import io.netagent.trace.TraceText;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code netagent trace}: what happens to a packet, by the model, and with {@code --kernel} by the live kernel too. */
@Command(name = "trace", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    modelTransformer = TraceCommand.ArrowsArePackets.class,
    description = {"Show what happens to the first packet of a connection, step by step, as the configuration's model says: where "
        + "it enters the host, the published port it matches (netagent's DNAT maps), its destination after DNAT, the route, the "
        + "verdict of the forward chain (isolation), its source after source NAT (masquerade, snat, hairpin) and the interface "
        + "it leaves by.",
        "FROM and TO are an address, a container's name, host or outside. 'host' as TO is the sender's gateway (from the "
            + "outside or the host: --host-address, else the first network's gateway); 'outside' is --outside-address, else "
            + "203.0.113.10 or 2001:db8::10 (documentation addresses). Quote the arrow, alone or with the rest ('c1 -> host:80', "
            + "c1 '->' host:80, 'c1->host:80'): unquoted, the shell reads its '>' as a redirection. An IPv6 TO goes in brackets "
            + "([fd00:88::2]:80).",
        "--kernel asks the live kernel the same question (root): a route lookup over netlink, and nftables' own trace of a "
            + "real probe packet sent from FROM's side (a container's namespace, the host, or for outside a throwaway namespace "
            + "with a veth into the host), dropped before it leaves the host; it then prints both answers per step and each "
            + "disagreement. Nothing it creates stays behind.",
        "Exit code 0 when the model could answer (with --kernel: when both agree), 1 when model and kernel differ or the kernel "
            + "could not be asked, 2 for bad input (an unknown container, a bad protocol, a missing port) or configuration."},
    footer = {"", "Examples:", "  netagent trace tcp 'c1 -> 10.88.0.5:80'", "  netagent trace udp outside '->' host:8080",
        "  netagent trace --kernel -6 tcp 'outside -> host:8080'"})
final class TraceCommand implements Callable<Integer> {
  @Mixin
  ConfigOption config;

  @Mixin
  OutputOption output;

  @Parameters(arity = "1..*", paramLabel = "PROTOCOL FROM -> TO:PORT", description = "tcp or udp, then the packet's two ends.")
  List<String> words;

  @Option(names = "-6", description = "IPv6, when neither FROM nor TO is an address (default IPv4).")
  boolean ipv6;

  @Option(names = "--outside-address", paramLabel = "ADDRESS", description = "The address 'outside' stands for (its family's; "
      + "default 203.0.113.10 and 2001:db8::10).")
  String outsideAddress;

  @Option(names = "--host-address", paramLabel = "ADDRESS", description = "A host address beyond the gateways (an uplink's): "
      + "'host' from the outside or the host, and an address the model counts as the host's.")
  String hostAddress;

  @Option(names = "--kernel", description = "Ask the live kernel too and compare (needs root).")
  boolean kernel;

  @Spec
  CommandSpec spec;

  /** Lets {@code ->} (and {@code ->host:80}) through as words of the packet, not as unknown options. */
  static final class ArrowsArePackets implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec commandSpec) {
      commandSpec.parser().unmatchedOptionsArePositionalParams(true);
      return commandSpec;
    }
  }

  @Override
  public Integer call() {
    Places places = new Places(ipv6 ? Optional.of(IpFamily.IPV6) : Optional.empty(), address(outsideAddress, "--outside-address"),
        address(hostAddress, "--host-address"), false);
    TraceQuery query;
    try {
      query = TraceQuery.parse(words);
    } catch (TraceInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    DesiredState file = config.load().state();
    // Against the live kernel, what is declared includes the attachments the daemon saved, as for status.
    DesiredState desired = kernel ? Daemon.declaredWithSavedAttachments(file, Daemon.DATA_DIR) : file;
    TraceReport report;
    try {
      Packet packet = Sides.resolve(desired, query, places);
      if (kernel) {
        Probe probe = KernelSteps.probe(packet);
        Nftables.requireLibrary();
        KernelTrace answer = new NetlinkPacketProber().probe(probe);
        Places seen = places.withBridgeNetfilter(answer.bridgeNetfilter());
        report = new TraceReport(packet, ModelTrace.of(desired, packet, seen), Optional.of(KernelSteps.of(desired, packet, answer)));
      } else {
        report = new TraceReport(packet, ModelTrace.of(desired, packet, places), Optional.empty());
      }
    } catch (TraceInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(TraceJson.render(report, Json.PRETTY).toPrettyString());
    } else {
      out.print(TraceText.render(report));
    }
    out.flush();
    return report.disagreements().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private Optional<IpAddress> address(String text, String option) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(IpAddress.parse(text));
    } catch (ModelException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
