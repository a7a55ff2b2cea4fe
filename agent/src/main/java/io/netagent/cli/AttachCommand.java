package io.netagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.api.ApiProtocol;
import io.netagent.api.ApiResponse;
import io.netagent.config.TextFile;
import io.netagent.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code netagent attach}: asks the running daemon to attach a container's namespace to a network. */
@Command(name = "attach", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Ask the running netagent daemon to attach a namespace to a network: a veth pair, an address (chosen by " +
        "the daemon unless --ip), a default route, published ports. Returns once the kernel is converged for it. " +
        "Attaching again with the same values succeeds and changes nothing.",
        "Give --id, --network and --namespace (and any other option), or --file with the JSON body (keys: id, name, " +
            "network, namespace, interface, ip, mac, mtu, ports [{host, container, protocol, hostIp}]).",
        "Prints the attachment. Exit code 0 when attached, 1 when the daemon is not running or refused (conflict, " +
            "kernel failure), 2 for bad usage or an invalid request (each problem as field: message)."})
final class AttachCommand implements Callable<Integer> {
  @Option(names = "--id", paramLabel = "ID", description = "The runtime's identifier of the attachment (required without --file).")
  String id;

  @Option(names = "--network", paramLabel = "NET", description = "The network, one of the configuration's (required without --file).")
  String network;

  @Option(names = "--namespace", paramLabel = "PATH",
      description = "The namespace: an absolute path such as /proc/PID/ns/net, or a name under /run/netns (required without --file).")
  String namespace;

  @Option(names = "--name", paramLabel = "N", description = "The container's name (default: chosen by the daemon from the id).")
  String name;

  @Option(names = "--interface", paramLabel = "IF", description = "The interface's name in the namespace (default: eth0).")
  String iface;

  @Option(names = "--ip", paramLabel = "A", description = "The address, inside the network's subnet (default: the daemon allocates one).")
  String ip;

  @Option(names = "--ip6", paramLabel = "A6",
      description = "The IPv6 address, inside the network's subnet6 (default: the daemon allocates one on a network with subnet6).")
  String ip6;

  @Option(names = "--mac", paramLabel = "M", description = "The interface's MAC (default: generated).")
  String mac;

  @Option(names = "--mtu", paramLabel = "N", description = "The MTU of both ends (default: the network's).")
  Integer mtu;

  @Option(names = "--port", paramLabel = PortSpec.FORM, converter = PortSpec.Converter.class,
      description = "Publish a port (repeatable); protocol tcp by default, all host addresses unless @HOSTIP.")
  List<PortSpec> ports = new ArrayList<>();

  @Option(names = "--file", paramLabel = "FILE|-",
      description = "Send this JSON body as it is ('-' reads stdin): a regular file of at most 64 KiB, the API's limit; no other option then.")
  String file;

  @Mixin
  OutputOption output;

  @Mixin
  DaemonOption daemon;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    ApiResponse response = daemon.client().call("POST", "/attachments", file != null ? fileBody() : body());
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.print(response.body());
    } else {
      out.println((response.status() == 201 ? "attached " : "already attached ") + AttachmentText.line(response.json()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private String body() throws JsonProcessingException {
    List<String> missing = new ArrayList<>();
    if (id == null) {
      missing.add("--id");
    }
    if (network == null) {
      missing.add("--network");
    }
    if (namespace == null) {
      missing.add("--namespace");
    }
    if (!missing.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "missing " + String.join(", ", missing) + " (or give the whole request with --file)");
    }
    ObjectNode body = Json.PRETTY.createObjectNode();
    body.put("id", id);
    if (name != null) {
      body.put("name", name);
    }
    body.put("network", network);
    body.put("namespace", namespace);
    if (iface != null) {
      body.put("interface", iface);
    }
    if (ip != null) {
      body.put("ip", ip);
    }
    if (ip6 != null) {
      body.put("ip6", ip6);
    }
    if (mac != null) {
      body.put("mac", mac);
    }
    if (mtu != null) {
      body.put("mtu", mtu);
    }
    if (!ports.isEmpty()) {
      ArrayNode list = body.putArray("ports");
      for (PortSpec p : ports) {
        ObjectNode port = list.addObject().put("host", p.host()).put("container", p.container());
        p.protocol().ifPresent(proto -> port.put("protocol", proto));
        p.hostIp().ifPresent(hostIp -> port.put("hostIp", hostIp));
      }
    }
    return Json.PRETTY.writeValueAsString(body);
  }

  private String fileBody() {
    boolean others = id != null || network != null || namespace != null || name != null || iface != null || ip != null || ip6 != null || mac != null
        || mtu != null || !ports.isEmpty();
    if (others) {
      throw new ParameterException(spec.commandLine(), "--file sends the body as it is: give the other values in the file");
    }
    String what = "a request to the daemon";
    try {
      return file.equals("-") ? TextFile.read(System.in, ApiProtocol.MAX_BODY, what) : TextFile.read(Path.of(file), ApiProtocol.MAX_BODY, what);
    } catch (TextFile.UnreadableException e) {
      throw new TextFile.UnreadableException("--file " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin", e);
    }
  }
}
