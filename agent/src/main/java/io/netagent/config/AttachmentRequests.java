package io.netagent.config;

import io.netagent.config.SourceNode.Entry;
import io.netagent.config.SourceNode.MapNode;
import io.netagent.config.SourceNode.ScalarNode;
import io.netagent.config.SourceNode.ScalarType;
import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAllocator;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Network;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an attachment request of the live API: a JSON object with the keys of a container in the
 * file (without {@code createNamespace}) and the runtime's {@code id}. It is checked by the very
 * rules of the file ({@link ContainerResolver}) and against every container already declared
 * (the file's and the other attachments), and gets an address from the network when it names
 * none. Pure: nothing is reserved until the caller adds the container to its state.
 */
public final class AttachmentRequests {
  /** The name problems of a request are reported under. */
  public static final String SOURCE = "request";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final int SHORT_ID = 12;

  private AttachmentRequests() {}

  /**
   * A request that passed every check.
   *
   * @param container the container it declares, with its addresses
   * @param allocated the addresses chosen here, for the families the request named none of
   */
  public record Resolved(String id, Container container, Allocated allocated) {
    /** Whether the IPv4 address was chosen here (the request named none). */
    public boolean ipAllocated() {
      return allocated.ip().isPresent();
    }
  }

  /** The addresses netagent chose for a request that named none, each family's on its own: given again when it is restored. */
  public record Allocated(Optional<Ipv4Address> ip, Optional<Ipv6Address> ip6) {
    /** None chosen yet: a new request gets the lowest free ones. */
    public static final Allocated NONE = new Allocated(Optional.empty(), Optional.empty());
  }

  /**
   * Checks {@code body} against {@code declared}.
   *
   * @param allocated the addresses allocated to this request before (an attachment restored from
   *     its saved request); {@link Allocated#NONE} to allocate them when the request names none
   * @throws AttachmentRequestException with every problem, located in the body
   */
  public static Resolved resolve(String body, DesiredState declared, Allocated allocated) {
    Problems problems = new Problems(SOURCE);
    if (body.isBlank()) {
      problems.add(Location.FILE, "", "the request body is empty: send a JSON object with at least id, network and namespace");
      throw rejected(AttachmentRequestException.Why.INVALID, problems);
    }
    Optional<SourceNode> root = SourceParser.parse(body, true, problems);
    if (root.isEmpty() || !(root.get() instanceof MapNode map)) {
      root.ifPresent(r -> problems.add(r.location(), "", "an attachment request must be a JSON object, not " + r.describe()));
      throw rejected(AttachmentRequestException.Why.INVALID, problems);
    }
    Optional<String> id = peek(map, "id");
    if (id.isEmpty() || !ID.matcher(id.get()).matches()) {
      Location where = map.entries().containsKey("id") ? map.entries().get("id").value().location() : map.location();
      problems.add(where, map.entries().containsKey("id") ? "id" : "", id.isEmpty() && !map.entries().containsKey("id")
          ? "an attachment request is missing required key \"id\" (the runtime's container id)"
          : "id must be 1–128 letters, digits, '_', '.' or '-', starting with a letter or digit");
      throw rejected(AttachmentRequestException.Why.INVALID, problems);
    }
    if (!map.entries().containsKey("namespace")) {
      problems.add(map.location(), "", "an attachment request is missing required key \"namespace\" (a name under /run/netns, "
          + "or a path such as /proc/PID/ns/net)");
    }
    boolean ipAllocated = !map.entries().containsKey("ip");
    boolean networkKnown = peek(map, "network").flatMap(declared::network).isPresent();
    Optional<Network> full = peek(map, "network").flatMap(declared::network)
        .filter(n -> declared.containersOn(n.name()).size() >= Bridge.MAX_PORTS);
    if (full.isPresent()) {
      problems.add(map.entries().get("network").value().location(), "network", "network " + full.get().name() + " has "
          + Bridge.MAX_PORTS + " containers, the most its bridge takes (the Linux bridge's limit on ports)");
      throw rejected(AttachmentRequestException.Why.FULL, problems);
    }
    Defaults complete = withDefaults(map, id.get(), declared, allocated, problems);
    Map<String, NetworkSpec> networks = new LinkedHashMap<>();
    declared.networks().forEach(n -> networks.put(n.name(), spec(n)));
    List<PortClaim> claims = new ArrayList<>();
    Convert convert = new Convert(problems);
    // An ip6 the request names none of is in the request by now (the network is known) or cannot be had (it is not).
    Optional<ContainerSpec> spec = Fields.of(complete.request(), "", "an attachment request", Schema.ATTACHMENT, problems)
        .flatMap(c -> ContainerResolver.resolve(c, convert, networks, List.copyOf(networks.keySet()), claims, networkKnown || !ipAllocated,
            n -> Optional.empty()));
    if (!problems.isEmpty() || spec.isEmpty()) {
      throw rejected(AttachmentRequestException.Why.INVALID, problems);
    }
    AttachmentClashes.check(spec.get(), claims, declared, convert);
    if (!problems.isEmpty()) {
      throw rejected(AttachmentRequestException.Why.CLASH, problems);
    }
    return new Resolved(id.get(), spec.get().container(), complete.allocated());
  }

  /** A request with its defaults, and the addresses chosen for it. */
  private record Defaults(MapNode request, Allocated allocated) {}

  /**
   * The request with what it may leave out filled in: the name (the id, or its first 12
   * characters when longer than a name may be) and, on a known network, an address of each of its
   * families the request names none of (allocated from the network, or given before).
   */
  private static Defaults withDefaults(MapNode map, String id, DesiredState declared, Allocated allocated, Problems problems) {
    LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(map.entries());
    if (!entries.containsKey("name")) {
      entries.put("name", scalar(map.entries().get("id").value().location(), id.length() <= 63 ? id : id.substring(0, SHORT_ID)));
    }
    Optional<Network> network = peek(map, "network").flatMap(declared::network);
    if (network.isEmpty()) {
      return new Defaults(new MapNode(map.location(), entries), Allocated.NONE);
    }
    Network n = network.get();
    Optional<Ipv4Address> ip = Optional.empty();
    if (!entries.containsKey("ip") && n.bridge().ipv4().isPresent()) {
      ip = allocated.ip().or(() -> IpAllocator.allocate(n, taken(declared, n)));
      String range = n.allocate().orElse(n.bridge().ipv4().get().subnet()).toString();
      entries.put("ip", scalar(map.location(), ip.orElseThrow(() -> full(map, problems, "no free address left in network " + n.name()
          + " (" + range + "): detach something or name an ip")).toString()));
    }
    Optional<Ipv6Address> ip6 = Optional.empty();
    if (!written(map, "ip6") && n.bridge().ipv6().isPresent()) {
      ip6 = allocated.ip6().or(() -> IpAllocator.allocate6(n, taken6(declared, n)));
      String range = n.allocate6().orElse(n.bridge().ipv6().get().subnet()).toString();
      entries.put("ip6", scalar(map.location(), ip6.orElseThrow(() -> full(map, problems, "no free IPv6 address left in network " + n.name()
          + " (" + range + "): detach something or name an ip6")).toString()));
    }
    return new Defaults(new MapNode(map.location(), entries), new Allocated(ip, ip6));
  }

  private static AttachmentRequestException full(MapNode map, Problems problems, String message) {
    problems.add(map.entries().get("network").value().location(), "network", message);
    return rejected(AttachmentRequestException.Why.FULL, problems);
  }

  private static Set<Ipv4Address> taken(DesiredState declared, Network network) {
    Set<Ipv4Address> taken = new HashSet<>();
    declared.containersOn(network.name()).forEach(c -> c.ipv4().ifPresent(a -> taken.add(a.address())));
    return taken;
  }

  private static Set<Ipv6Address> taken6(DesiredState declared, Network network) {
    Set<Ipv6Address> taken = new HashSet<>();
    declared.containersOn(network.name()).forEach(c -> c.ipv6().ifPresent(a -> taken.add(a.address())));
    return taken;
  }

  /** Whether the request gives {@code key} a value: {@code "ip6": null} means the default, as a key without a value does in the file. */
  private static boolean written(MapNode map, String key) {
    Entry entry = map.entries().get(key);
    return entry != null && !(entry.value() instanceof ScalarNode s && s.type() == ScalarType.NULL);
  }

  private static Optional<String> peek(MapNode map, String key) {
    Entry entry = map.entries().get(key);
    return entry != null && entry.value() instanceof ScalarNode s && s.type() == ScalarType.STRING ? Optional.of(s.text()) : Optional.empty();
  }

  private static Entry scalar(Location location, String text) {
    return new Entry(location, new ScalarNode(location, ScalarType.STRING, text));
  }

  /** The network as {@link ContainerResolver} knows networks; a clash names no line, as it is not in the request. */
  private static NetworkSpec spec(Network n) {
    Spot none = new Spot(Location.FILE, "");
    return new NetworkSpec(new Value<>(n.name(), Location.FILE, ""), n.bridge(), n.allocate(), n.allocate6(), n.isolated(), none, none, none, none);
  }

  private static AttachmentRequestException rejected(AttachmentRequestException.Why why, Problems problems) {
    return new AttachmentRequestException(why, problems.list());
  }
}
