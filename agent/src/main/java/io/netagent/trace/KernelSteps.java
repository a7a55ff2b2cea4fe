package io.netagent.trace;

import io.netagent.kernel.KernelTrace;
import io.netagent.kernel.KernelTrace.Event;
import io.netagent.kernel.KernelTrace.EventType;
import io.netagent.kernel.KernelTrace.Header;
import io.netagent.kernel.Probe;
import io.netagent.model.DesiredState;
import io.netagent.model.IpFamily;
import io.netagent.observed.Ownership;
import io.netagent.trace.FamilyView.Net;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's answer to each step, read from a {@link KernelTrace} with the same keys as
 * {@link ModelTrace} uses: the hook each event belongs to (by the chain names of netagent's and
 * the trace's own tables; another table's event takes the hook of the one before it, or forward
 * when it has both interfaces), netagent's rules by their comments, the packet as the first and
 * the last hook saw it, the route lookup, and where it was dropped.
 */
public final class KernelSteps {
  private static final String PREFIX = Ownership.ALIAS_PREFIX;

  private KernelSteps() {}

  /** The hooks, in the order a packet meets them. */
  private enum Hook { PREROUTING, OUTPUT, FORWARD, INPUT, POSTROUTING }

  private record Seen(Event event, Hook hook) {}

  /**
   * The probe that asks the kernel about {@code packet}: sent from the container's namespace, the
   * host, or a throwaway outside namespace.
   *
   * @throws TraceInputException for a source nothing can send from (an address on a network no
   *     container has)
   */
  public static Probe probe(Packet packet) {
    Side from = packet.from();
    Probe.Sender sender = switch (from.kind()) {
      case CONTAINER -> new Probe.InNamespace(from.container().orElseThrow().namespace());
      case HOST -> new Probe.Host();
      case OUTSIDE -> new Probe.Outside(from.address().orElseThrow());
      case NETWORK -> throw new TraceInputException("--kernel sends a real packet, from a container, the host or outside: no container has "
          + from.word() + " on network " + from.network().orElseThrow().name());
    };
    // The host's source is the kernel's to choose, unless an address was named.
    boolean chosen = from.kind() == Side.Kind.HOST && from.word().equals("host");
    return new Probe(packet.family(), packet.protocol(), sender, chosen ? Optional.empty() : from.address(), packet.destination(), packet.port());
  }

  /** The kernel's steps for {@code packet}, from its trace. */
  public static List<Step> of(DesiredState desired, Packet packet, KernelTrace trace) {
    FamilyView view = new FamilyView(desired, packet.family());
    String family = packet.family() == IpFamily.IPV4 ? "ip" : "ip6";
    List<Seen> seen = hooks(trace, family);
    List<Step> steps = new ArrayList<>();
    if (seen.isEmpty()) {
      steps.add(new Step(StepKind.ENTERS, ModelTrace.NOT_SEEN, "no hook of the host saw it (nftables traced nothing)"));
      steps.add(new Step(StepKind.PUBLISHED, ModelTrace.NOT_SEEN, "— (not seen)"));
      steps.add(new Step(StepKind.DESTINATION, ModelTrace.NOT_SEEN, "— (not seen)"));
      steps.add(route(view, trace.route()));
      for (StepKind kind : List.of(StepKind.ISOLATION, StepKind.SOURCE, StepKind.LEAVES)) {
        steps.add(new Step(kind, ModelTrace.NOT_SEEN, "— (not seen)"));
      }
      return steps;
    }
    Optional<Seen> drop = seen.stream().filter(s -> !s.event().table().equals(trace.traceTable()) && s.event().verdict().equals("drop")).findFirst();
    Event first = seen.get(0).event();
    if (seen.get(0).hook() == Hook.OUTPUT) {
      steps.add(new Step(StepKind.ENTERS, ModelTrace.HOST, "sent by the host itself (output hook)"));
    } else {
      String iif = first.iif().orElse("?");
      Optional<Net> bridge = view.networks.stream().filter(n -> n.bridge().equals(iif)).findFirst();
      steps.add(new Step(StepKind.ENTERS, ModelTrace.device(bridge), "by " + (bridge.isPresent() ? "bridge " : "") + iif + " (prerouting)"));
    }
    Optional<Step> droppedEarly = drop.filter(d -> d.hook() == Hook.PREROUTING || d.hook() == Hook.OUTPUT).map(d -> dropStep(StepKind.PUBLISHED, d));
    steps.add(droppedEarly.orElseGet(() -> published(seen, family)));
    List<Header> headers = seen.stream().takeWhile(s -> drop.map(d -> s != d).orElse(true)).flatMap(s -> s.event().packet().stream()).toList();
    if (droppedEarly.isPresent()) {
      steps.add(new Step(StepKind.DESTINATION, ModelTrace.DROPPED, "dropped"));
    } else {
      steps.add(destination(headers));
    }
    steps.add(route(view, trace.route()));
    boolean local = seen.stream().anyMatch(s -> s.hook() == Hook.INPUT);
    if (droppedEarly.isPresent()) {
      for (StepKind kind : List.of(StepKind.ISOLATION, StepKind.SOURCE, StepKind.LEAVES)) {
        steps.add(new Step(kind, ModelTrace.DROPPED, "dropped by " + describe(drop.get().event())));
      }
      return steps;
    }
    Optional<Seen> forwardDrop = drop.filter(d -> d.hook() == Hook.FORWARD);
    steps.add(forwardDrop.map(d -> dropStep(StepKind.ISOLATION, d)).orElseGet(() -> forward(seen, family)));
    if (forwardDrop.isPresent()) {
      steps.add(new Step(StepKind.SOURCE, ModelTrace.DROPPED, "dropped in the forward chain"));
      steps.add(new Step(StepKind.LEAVES, ModelTrace.DROPPED, "dropped in the forward chain"));
      return steps;
    }
    Optional<Seen> lateDrop = drop.filter(d -> d.hook() == Hook.POSTROUTING || d.hook() == Hook.INPUT);
    steps.add(local ? new Step(StepKind.SOURCE, ModelTrace.UNCHANGED, "unchanged (delivered to the host)") : source(seen, family, headers));
    if (lateDrop.isPresent()) {
      steps.add(dropStep(StepKind.LEAVES, lateDrop.get()));
      return steps;
    }
    steps.add(leaves(view, seen, trace.traceTable()));
    return steps;
  }

  /** Each event of the packet's family (or inet) with its hook. */
  private static List<Seen> hooks(KernelTrace trace, String family) {
    List<Seen> seen = new ArrayList<>();
    Hook current = null;
    for (Event e : trace.events()) {
      if (!e.family().equals(family) && !e.family().equals("inet")) {
        continue;
      }
      Optional<Hook> named = e.table().equals(trace.traceTable()) || e.table().equals(Ownership.NAT_TABLE) ? hook(e.chain()) : Optional.empty();
      if (named.isPresent()) {
        current = named.get();
      } else if (e.iif().isPresent() && e.oif().isPresent()) {
        current = Hook.FORWARD;
      } else if (current == null) {
        current = e.iif().isPresent() ? Hook.PREROUTING : Hook.OUTPUT;
      }
      seen.add(new Seen(e, current));
    }
    return seen;
  }

  private static Optional<Hook> hook(String chain) {
    return switch (chain) {
      case "prerouting", "guard", "portmap" -> Optional.of(Hook.PREROUTING);
      case "output" -> Optional.of(Hook.OUTPUT);
      case "forward" -> Optional.of(Hook.FORWARD);
      case "input" -> Optional.of(Hook.INPUT);
      case "postrouting" -> Optional.of(Hook.POSTROUTING);
      default -> Optional.empty();
    };
  }

  private static boolean netagents(Event e, String family) {
    return e.table().equals(Ownership.NAT_TABLE) && e.family().equals(family);
  }

  private static String name(Event e) {
    return e.comment().filter(c -> c.startsWith(PREFIX)).map(c -> c.substring(PREFIX.length())).orElse("handle " + e.handle().map(String::valueOf)
        .orElse("?"));
  }

  private static String describe(Event e) {
    String where = e.family() + " " + e.table() + " " + e.chain();
    return e.type() == EventType.POLICY ? "the policy of " + where : "rule \"" + (e.table().equals(Ownership.NAT_TABLE) ? name(e)
        : "handle " + e.handle().map(String::valueOf).orElse("?")) + "\" of " + where;
  }

  private static Step dropStep(StepKind kind, Seen drop) {
    Event e = drop.event();
    String key = e.table().equals(Ownership.NAT_TABLE) && e.type() == EventType.RULE ? "drop " + name(e)
        : "drop " + e.family() + " " + e.table() + " " + e.chain();
    return new Step(kind, key, "dropped by " + describe(e));
  }

  private static Step published(List<Seen> seen, String family) {
    Optional<Event> dnat = seen.stream().map(Seen::event).filter(e -> netagents(e, family) && e.chain().equals("portmap")
        && e.type() == EventType.RULE && e.verdict().equals("accept")).findFirst();
    if (dnat.isPresent()) {
      String rule = name(dnat.get());
      return new Step(StepKind.PUBLISHED, rule, "rule \"" + rule + "\" of " + family + " netagent portmap DNATs it (map " + rule + "_addr)");
    }
    boolean looked = seen.stream().anyMatch(s -> netagents(s.event(), family) && (s.event().chain().equals("portmap")
        || s.event().verdict().equals("jump portmap")));
    return new Step(StepKind.PUBLISHED, "none", looked ? "no element for it in " + family + " netagent's maps"
        : "not a local destination (the published rule's fib daddr type local did not match)");
  }

  private static Step destination(List<Header> headers) {
    if (headers.isEmpty()) {
      return new Step(StepKind.DESTINATION, ModelTrace.NOT_SEEN, "— (no packet header traced)");
    }
    Header first = headers.get(0);
    Header last = headers.get(headers.size() - 1);
    if (first.destination().equals(last.destination()) && first.destinationPort() == last.destinationPort()) {
      return new Step(StepKind.DESTINATION, ModelTrace.UNCHANGED, "unchanged: " + Packet.endpoint(first.destination(), first.destinationPort()));
    }
    String to = Packet.endpoint(last.destination(), last.destinationPort());
    return new Step(StepKind.DESTINATION, "dnat " + to, "DNAT to " + to);
  }

  private static Step route(FamilyView view, KernelTrace.Route route) {
    if (route.refusal().isPresent()) {
      return new Step(StepKind.ROUTE, "unreachable", "no route: " + route.refusal().get());
    }
    String oif = route.oif().orElse("?");
    if (route.type().equals("local")) {
      return new Step(StepKind.ROUTE, ModelTrace.LOCAL, "local (RTM_GETROUTE: type local, dev " + oif + ")");
    }
    if (!route.type().equals("unicast")) {
      return new Step(StepKind.ROUTE, route.type(), route.type() + " (RTM_GETROUTE)");
    }
    Optional<Net> bridge = view.networks.stream().filter(n -> n.bridge().equals(oif)).findFirst();
    return new Step(StepKind.ROUTE, ModelTrace.device(bridge), "unicast dev " + oif + " (RTM_GETROUTE)");
  }

  private static Step forward(List<Seen> seen, String family) {
    List<Event> chain = seen.stream().filter(s -> s.hook() == Hook.FORWARD).map(Seen::event).filter(e -> netagents(e, family)).toList();
    if (seen.stream().noneMatch(s -> s.hook() == Hook.FORWARD)) {
      return new Step(StepKind.ISOLATION, ModelTrace.NOT_FORWARDED, "not forwarded (no forward hook)");
    }
    for (Event e : chain) {
      if (e.type() == EventType.POLICY) {
        return new Step(StepKind.ISOLATION, "accept policy", "accepted by the policy of " + family + " netagent forward");
      }
      if (e.verdict().equals("accept")) {
        return new Step(StepKind.ISOLATION, "accept " + name(e), "accepted by rule \"" + name(e) + "\"");
      }
    }
    return new Step(StepKind.ISOLATION, ModelTrace.NOT_SEEN, "forwarded, but netagent's forward chain traced no verdict");
  }

  private static Step source(List<Seen> seen, String family, List<Header> headers) {
    Optional<Event> nat = seen.stream().filter(s -> s.hook() == Hook.POSTROUTING).map(Seen::event)
        .filter(e -> netagents(e, family) && e.type() == EventType.RULE && e.verdict().equals("accept")).findFirst();
    Optional<Header> last = headers.isEmpty() ? Optional.empty() : Optional.of(headers.get(headers.size() - 1));
    if (nat.isEmpty()) {
      return new Step(StepKind.SOURCE, ModelTrace.UNCHANGED, "unchanged" + last.map(h -> ": " + h.source()).orElse(""));
    }
    String to = last.map(h -> h.source().toString()).orElse("?");
    return new Step(StepKind.SOURCE, name(nat.get()) + " → " + to, "rule \"" + name(nat.get()) + "\" rewrites it to " + to);
  }

  private static Step leaves(FamilyView view, List<Seen> seen, String traceTable) {
    Optional<Seen> end = seen.stream().filter(s -> s.event().table().equals(traceTable) && (s.hook() == Hook.POSTROUTING || s.hook() == Hook.INPUT))
        .findFirst();
    if (end.isEmpty()) {
      return new Step(StepKind.LEAVES, ModelTrace.NOT_SEEN, "no hook saw it leave (routing refused it, or it was never sent)");
    }
    if (end.get().hook() == Hook.INPUT) {
      return new Step(StepKind.LEAVES, ModelTrace.LOCAL, "delivered to the host (input hook, by " + end.get().event().iif().orElse("?") + ")");
    }
    String oif = end.get().event().oif().orElse("?");
    if (oif.equals("lo")) {
      return new Step(StepKind.LEAVES, ModelTrace.LOCAL, "lo: to the host itself");
    }
    Optional<Net> bridge = view.networks.stream().filter(n -> n.bridge().equals(oif)).findFirst();
    return new Step(StepKind.LEAVES, ModelTrace.device(bridge), (bridge.isPresent() ? "bridge " : "") + oif + " (postrouting)");
  }
}
