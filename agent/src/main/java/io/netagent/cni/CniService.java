package io.netagent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.daemon.AgentService;
import io.netagent.daemon.AttachmentView;
import io.netagent.daemon.RequestRejectedException;
import io.netagent.model.Bridge;
import io.netagent.plan.Owner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * The CNI verbs on the daemon: what the plugin executable forwards ({@link CniRequest}) turned
 * into attachments. An attachment made by CNI has the id {@code cni-CONTAINERID.IFNAME} (the
 * spec's key for an attachment is the container, the interface and the network), so DEL, CHECK
 * and GC find it again; its name is the container id's first 12 characters and the interface.
 * Every answer, failures included, is a {@link CniAnswer}: the future never fails.
 */
public final class CniService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID_PREFIX = "cni-";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final AgentService service;

  public CniService(AgentService service) {
    this.service = service;
  }

  /** Serves one forwarded call ({@code POST /cni}). */
  public CompletableFuture<CniAnswer> handle(String body) {
    String version = "1.1.0";
    try {
      CniRequest request = CniRequest.parse(body);
      version = request.version();
      if (!CniRequest.VERSIONS.contains(version)) {
        throw new CniException(CniError.INCOMPATIBLE_VERSION, "cniVersion \"" + version + "\" is not supported",
            "netagent speaks " + String.join(", ", CniRequest.VERSIONS));
      }
      String answerVersion = version;
      return verb(request).handle((answer, failure) -> failure == null ? answer : failed(failure, answerVersion));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(e, CniRequest.VERSIONS.contains(version) ? version : "1.1.0"));
    }
  }

  private CompletableFuture<CniAnswer> verb(CniRequest r) {
    return switch (r.command()) {
      case "ADD" -> add(r);
      case "DEL" -> service.detach(id(r)).thenApply(existed -> CniAnswer.ok(""));
      case "CHECK" -> check(r);
      case "STATUS" -> CompletableFuture.completedFuture(service.ready() ? CniAnswer.ok("")
          : CniAnswer.failed(new CniError(CniError.NOT_AVAILABLE, "the netagent daemon is not ready yet", ""), r.version()));
      default -> gc(r);
    };
  }

  private CompletableFuture<CniAnswer> add(CniRequest r) {
    if (isInline(r)) {
      return service.declareNetwork(inlineNetwork(r).toString()).thenCompose(created -> attach(r, r.networkName()));
    }
    return attach(r, netagentNetwork(r));
  }

  /** A configuration that defines its network itself (bridge, subnet, ...) rather than naming one of the daemon's file. */
  private static boolean isInline(CniRequest r) {
    return !r.config().has("network") && (r.config().has("bridge") || r.config().has("subnet") || r.config().has("subnet6"));
  }

  /** The inline network as the file would declare it: the CNI network's name, and the file's keys for the rest. */
  private static ObjectNode inlineNetwork(CniRequest r) {
    ObjectNode network = JSON.createObjectNode();
    network.put("name", r.networkName());
    for (String key : List.of("bridge", "subnet", "gateway", "mtu", "mac", "masquerade", "snatTo", "allocate", "isolate", "subnet6", "gateway6",
        "masquerade6", "snatTo6", "allocate6")) {
      if (r.config().has(key)) {
        network.set(key, r.config().get(key));
      }
    }
    return network;
  }

  private CompletableFuture<CniAnswer> attach(CniRequest r, String network) {
    String netns = r.require(r.netns(), "CNI_NETNS");
    String ifname = r.require(r.ifname(), "CNI_IFNAME");
    String containerId = r.require(r.containerId(), "CNI_CONTAINERID");
    ObjectNode attach = JSON.createObjectNode();
    attach.put("id", id(r));
    attach.put("name", containerId.substring(0, Math.min(12, containerId.length())) + "-" + ifname);
    attach.put("network", network);
    attach.put("namespace", netns);
    attach.put("interface", ifname);
    JsonNode runtime = r.config().path("runtimeConfig");
    if (runtime.path("mac").isTextual()) {
      attach.put("mac", runtime.path("mac").asText());
    }
    first(runtime.path("ips"), false).ifPresent(ip -> attach.put("ip", ip));
    first(runtime.path("ips"), true).ifPresent(ip6 -> attach.put("ip6", ip6));
    ArrayNode ports = attach.putArray("ports");
    for (JsonNode m : runtime.path("portMappings")) {
      ObjectNode port = ports.addObject();
      port.set("host", m.get("hostPort"));
      port.set("container", m.get("containerPort"));
      if (m.hasNonNull("protocol")) {
        port.set("protocol", m.get("protocol"));
      }
      String hostIp = m.path("hostIP").asText("");
      if (!hostIp.isEmpty() && !hostIp.equals("0.0.0.0")) {
        port.put("hostIp", hostIp);
      }
    }
    return service.attach(attach.toString()).thenApply(a -> {
      Bridge bridge = service.networks().stream().filter(n -> n.network().name().equals(network)).findFirst().orElseThrow().network().bridge();
      return CniAnswer.ok(CniResult.of(r.version(), a.attachment().container(), bridge, netns, r.config().get("dns")));
    });
  }

  /** Tells the truth about the attachment in the kernel now; the daemon repairs it, but CHECK says what differs. */
  private CompletableFuture<CniAnswer> check(CniRequest r) {
    netagentNetwork(r);
    AttachmentView attachment = service.attachment(id(r)).orElseThrow(() -> new CniException(CniError.UNKNOWN_CONTAINER,
        "netagent has no attachment for container " + r.containerId().orElse("") + " interface " + r.ifname().orElse(""), ""));
    Owner owner = Owner.container(attachment.container().name());
    return service.inspect().thenApply(view -> {
      List<String> differs = new ArrayList<>();
      view.plan().absences().stream().filter(a -> a.owner().equals(owner)).forEach(a -> differs.add(a.toString()));
      view.plan().conflicts().stream().filter(c -> c.owner().equals(owner)).forEach(c -> differs.add("! " + c));
      view.plan().steps().stream().filter(s -> s.owner().equals(owner))
          .forEach(s -> differs.add(s.operation().action().symbol() + " " + s.operation().describe() + " (" + s.operation().reason().text() + ")"));
      if (differs.isEmpty()) {
        return CniAnswer.ok("");
      }
      return CniAnswer.failed(new CniError(CniError.DIFFERS, "container " + attachment.container().name() + " is not as netagent wired it: "
          + String.join("; ", differs), "netagent repairs it at its next pass"), r.version());
    });
  }

  /** Removes every CNI attachment of the network that the runtime no longer lists (1.1's GC). */
  private CompletableFuture<CniAnswer> gc(CniRequest r) {
    String network = netagentNetwork(r);
    JsonNode valid = r.config().has("cni.dev/valid-attachments") ? r.config().get("cni.dev/valid-attachments")
        : r.config().path("cni.dev/attachments");
    Set<String> keep = new HashSet<>();
    for (JsonNode a : valid) {
      keep.add(ID_PREFIX + a.path("containerID").asText() + "." + a.path("ifname").asText());
    }
    List<CompletableFuture<Boolean>> removals = service.attachments().stream()
        .filter(a -> a.id().startsWith(ID_PREFIX) && a.container().network().equals(network) && !keep.contains(a.id()))
        .map(a -> service.detach(a.id())).toList();
    return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).thenApply(done -> CniAnswer.ok(""));
  }

  /**
   * The netagent network the configuration attaches to: its {@code network} key, a network of the
   * daemon's file, or, for a configuration that defines its network inline, the CNI network's name.
   */
  private String netagentNetwork(CniRequest r) {
    if (isInline(r)) {
      return r.networkName();
    }
    JsonNode network = r.config().get("network");
    List<String> known = service.networks().stream().map(n -> n.network().name()).toList();
    String details = "networks of the daemon's configuration: " + String.join(", ", known);
    if (network == null || !network.isTextual()) {
      throw new CniException(CniError.INVALID_NETWORK_CONFIG, "the network configuration must name a netagent network in \"network\"", details);
    }
    if (!known.contains(network.asText())) {
      throw new CniException(CniError.INVALID_NETWORK_CONFIG, "netagent has no network \"" + network.asText() + "\"", details);
    }
    return network.asText();
  }

  private static String id(CniRequest r) {
    String containerId = r.require(r.containerId(), "CNI_CONTAINERID");
    String ifname = r.require(r.ifname(), "CNI_IFNAME");
    if (!SAFE.matcher(containerId).matches()) {
      throw new CniException(CniError.INVALID_ENVIRONMENT, "CNI_CONTAINERID \"" + containerId + "\" must be letters, digits, '_', '.' or '-'", "");
    }
    if (!SAFE.matcher(ifname).matches()) {
      throw new CniException(CniError.INVALID_ENVIRONMENT, "CNI_IFNAME \"" + ifname + "\" must be letters, digits, '_', '.' or '-'", "");
    }
    return ID_PREFIX + containerId + "." + ifname;
  }

  /**
   * The first address of one family of the {@code ips} capability ({@code ["10.88.0.5/16",
   * "fd00:88::5/64"]}), without its prefix length: an IPv6 one has colons, an IPv4 one dots and no
   * colon.
   */
  private static Optional<String> first(JsonNode ips, boolean ipv6) {
    for (JsonNode ip : ips) {
      String text = ip.asText("");
      String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
      if (ipv6 ? address.contains(":") : address.contains(".") && !address.contains(":")) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }

  private static CniAnswer failed(Throwable failure, String version) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof CniException e) {
      return CniAnswer.failed(e.error(), version);
    }
    if (cause instanceof RequestRejectedException e) {
      String details = String.join("; ", e.problems().stream().map(p -> p.field().isEmpty() ? p.message() : p.field() + ": " + p.message()).toList());
      int code = switch (e.kind()) {
        case INVALID -> CniError.INVALID_NETWORK_CONFIG;
        case CONFLICT -> CniError.CONFLICT;
        case UNAVAILABLE -> CniError.TRY_AGAIN_LATER;
        case FAILED -> CniError.IO_FAILURE;
      };
      return CniAnswer.failed(new CniError(code, e.getMessage(), details), version);
    }
    return CniAnswer.failed(new CniError(CniError.IO_FAILURE, "netagent failed: " + cause.getMessage(), ""), version);
  }
}
