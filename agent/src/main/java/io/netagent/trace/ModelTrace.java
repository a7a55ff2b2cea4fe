package io.netagent.trace;

import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.trace.FamilyView.Net;
import io.netagent.trace.FamilyView.Published;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the model says happens to a packet: the rules netagent renders into its nftables tables
 * (kernel/nft/NftTable, docs/kernel-facts.md §5.4, §11E), taken in the kernel's order. Prerouting
 * (or output, for the host's own packets): {@code fib daddr type local} to the DNAT maps, bound
 * ones first; the route; the forward chain (published, isolation, forward-out and -in, policy
 * accept); postrouting (masquerade or snat of each network, hairpin, localhost), first match
 * wins. The guard chain, which drops a bridge's packets to 127.0.0.0/8, meets no packet a trace
 * can send (a container's 127.0.0.1 is its own). Step keys use the rules' own names (their
 * comments less the {@code netagent:} prefix), so the kernel's trace is compared word for word.
 * Pure.
 */
public final class ModelTrace {
  static final String NOT_SEEN = "not seen";
  static final String DROPPED = "dropped";
  static final String UNCHANGED = "unchanged";
  static final String LOCAL = "local";
  static final String OUTSIDE = "outside";
  static final String HOST = "host";
  static final String NOT_FORWARDED = "not forwarded";
  /** A masquerade's address the model cannot know (the uplink's): any address the kernel gives agrees. */
  static final String ANY = "*";

  private ModelTrace() {}

  /**
   * The model's answer for {@code packet}, which {@link Sides#resolve} made from the same
   * configuration and places.
   */
  public static List<Step> of(DesiredState desired, Packet packet, Places places) {
    return new Walk(new FamilyView(desired, packet.family()), packet, places).steps();
  }

  /** {@code dev NAME} for a bridge, {@code outside} for anything else. */
  static String device(Optional<Net> net) {
    return net.map(n -> "dev " + n.bridge()).orElse(OUTSIDE);
  }

  private static final class Walk {
    private final FamilyView view;
    private final Packet packet;
    private final Places places;
    private final List<Step> steps = new ArrayList<>();

    Walk(FamilyView view, Packet packet, Places places) {
      this.view = view;
      this.packet = packet;
      this.places = places;
    }

    private void add(StepKind kind, String key, String text) {
      steps.add(new Step(kind, key, text));
    }

    private void rest(String key, String text) {
      for (StepKind kind : StepKind.values()) {
        if (kind.ordinal() >= steps.size()) {
          add(kind, key, text);
        }
      }
    }

    List<Step> steps() {
      Side from = packet.from();
      IpAddress destination = packet.destination();
      boolean fromHost = from.kind() == Side.Kind.HOST;
      Optional<Net> in = from.network().flatMap(n -> view.netNamed(n.name()));
      Optional<IpAddress> source = from.address();
      if (in.isPresent() && Locality.isLoopback(destination)) {
        throw new TraceInputException(destination + " from " + from.word() + " is its own loopback: the packet never reaches the host");
      }
      if (in.isPresent() && packet.family() == IpFamily.IPV4 && in.get().contains(destination) && !isLocal(destination)
          && !places.bridgeNetfilter()) {
        // Over IPv4 a network's members reach each other through the bridge alone: the host's IP hooks never see it.
        String bridge = in.get().bridge();
        add(StepKind.ENTERS, NOT_SEEN, "stays in bridge " + bridge + " (layer 2, " + destination + " is on its subnet; no br_netfilter)");
        add(StepKind.PUBLISHED, NOT_SEEN, "— (bridged)");
        add(StepKind.DESTINATION, NOT_SEEN, "— (bridged)");
        add(StepKind.ROUTE, "dev " + bridge, destination + " is on " + in.get().subnet() + ": by bridge " + bridge);
        rest(NOT_SEEN, "— (bridged)");
        return steps;
      }
      String iif = fromHost ? HOST : device(in);
      add(StepKind.ENTERS, iif, fromHost ? "sent by the host itself (output hook)"
          : in.map(n -> "by bridge " + n.bridge() + " (prerouting)").orElse("by an interface outside netagent's networks (prerouting)"));
      Optional<Published> match = published(destination, fromHost);
      IpAddress target = match.map(Published::containerIp).orElse(destination);
      int port = match.map(Published::containerPort).orElse(packet.port());
      add(StepKind.DESTINATION, match.map(m -> "dnat " + Packet.endpoint(target, port)).orElse(UNCHANGED),
          match.map(m -> "DNAT to " + Packet.endpoint(target, port)).orElse("unchanged: " + Packet.endpoint(destination, packet.port())));
      boolean dnat = match.isPresent();
      boolean local = isLocal(target);
      Optional<Net> out = view.netOf(target);
      add(StepKind.ROUTE, local ? LOCAL : device(out), local ? target + " is the host's: delivered locally"
          : out.map(n -> target + " is on " + n.subnet() + ": by bridge " + n.bridge()).orElse(target + " is outside netagent's networks: the host's own routes"));
      if (local) {
        add(StepKind.ISOLATION, NOT_FORWARDED, "not forwarded (delivered to the host)");
        add(StepKind.SOURCE, UNCHANGED, "unchanged (no source NAT on the way in)");
        add(StepKind.LEAVES, LOCAL, "delivered to the host's own socket");
        return steps;
      }
      if (fromHost) {
        add(StepKind.ISOLATION, NOT_FORWARDED, "not forwarded (sent by the host)");
      } else {
        String verdict = forward(in, out, source.orElseThrow(), target, dnat);
        add(StepKind.ISOLATION, verdict, verdict.startsWith("drop") ? "dropped by rule \"" + verdict.substring(5) + "\""
            : "accepted by " + (verdict.equals("accept policy") ? "the forward chain's policy" : "rule \"" + verdict.substring(7) + "\""));
        if (verdict.startsWith("drop")) {
          rest(DROPPED, "dropped in the forward chain");
          return steps;
        }
      }
      sourceNat(in, out, source, target, dnat);
      add(StepKind.LEAVES, device(out), out.map(n -> "bridge " + n.bridge()).orElse("an interface outside netagent's networks"));
      return steps;
    }

    private boolean isLocal(IpAddress address) {
      return Locality.isLocal(view, address, places);
    }

    /** The published-port step, and the mapping that applies. */
    private Optional<Published> published(IpAddress destination, boolean fromHost) {
      if (!isLocal(destination)) {
        add(StepKind.PUBLISHED, "none", destination + " is not the host's (fib daddr type local): no DNAT");
        return Optional.empty();
      }
      if (fromHost && destination instanceof Ipv6Address a6 && a6.isLoopback()) {
        add(StepKind.PUBLISHED, "none", "::1 is never DNATed (the output rule keeps it the host's)");
        return Optional.empty();
      }
      Optional<Published> found = view.lookupInbound(packet.port(), packet.protocol());
      if (found.isEmpty()) {
        add(StepKind.PUBLISHED, "none", "no published port " + packet.protocol() + " " + packet.port() + " (no element in the maps)");
        return Optional.empty();
      }
      Published p = found.get();
      if (p.hostIp().isPresent() && !p.hostIp().get().equals(destination)) {
        add(StepKind.PUBLISHED, "none", p.describe() + " is published on " + p.hostIp().get() + " only, not on " + destination);
        return Optional.empty();
      }
      add(StepKind.PUBLISHED, p.hostIp().isPresent() ? "bound" : "any", p.describe() + " (map " + (p.hostIp().isPresent() ? "bound" : "any") + "_addr)");
      return found;
    }

    /** The forward chain's verdict, as {@code accept RULE}, {@code drop RULE} or {@code accept policy}. */
    private String forward(Optional<Net> in, Optional<Net> out, IpAddress source, IpAddress target, boolean dnat) {
      if (dnat) {
        return "accept published";
      }
      for (Net n : view.networks) {
        if (!n.network().isolated()) {
          continue;
        }
        if (in.filter(i -> i.equals(n)).isPresent() && out.isPresent() && !out.get().equals(n)) {
          return "drop isolate " + n.bridge() + " from";
        }
        if (out.filter(o -> o.equals(n)).isPresent() && in.isPresent() && !in.get().equals(n)) {
          return "drop isolate " + n.bridge() + " to";
        }
      }
      for (Net n : view.networks) {
        if (n.contains(source)) {
          return "accept forward-out " + n.where();
        }
        if (n.contains(target)) {
          return "accept forward-in " + n.where();
        }
      }
      return "accept policy";
    }

    private void sourceNat(Optional<Net> in, Optional<Net> out, Optional<IpAddress> source, IpAddress target, boolean dnat) {
      if (source.isEmpty()) {
        add(StepKind.SOURCE, UNCHANGED, "the host's own address toward " + target + " (in no network's subnet): no source NAT");
        return;
      }
      IpAddress s = source.get();
      Optional<IpAddress> egress = out.map(Net::gateway);
      for (Net n : view.networks) {
        boolean outward = n.contains(s) && !n.contains(target) && !out.equals(Optional.of(n));
        if (outward && n.hasSourceNat()) {
          Optional<IpAddress> to = rewrite(n, s, target, egress);
          String rule = (n.masquerades() ? "masquerade " : "snat ") + n.where() + (n.masquerades() ? "" : " " + to.orElseThrow());
          add(StepKind.SOURCE, rule + " → " + to.map(IpAddress::toString).orElse(ANY), "rule \"" + rule + "\" rewrites it to "
              + to.map(IpAddress::toString).orElse("the address of the interface it leaves by"));
          return;
        }
        if (out.equals(Optional.of(n)) && dnat && (n.contains(s) || packet.family() == IpFamily.IPV4 && Locality.isLoopback(s))) {
          String rule = (n.contains(s) ? "hairpin " + n.where() : "localhost " + n.bridge());
          add(StepKind.SOURCE, rule + " → " + n.gateway(), "rule \"" + rule + "\" rewrites it to " + n.gateway() + " (the reply must come back through the host)");
          return;
        }
      }
      add(StepKind.SOURCE, UNCHANGED, "unchanged: " + s);
    }

    /** The address a network's source NAT gives: {@code Bridge.snatRewrite} over IPv4, the IPv6 source NAT's twin. */
    private Optional<IpAddress> rewrite(Net n, IpAddress source, IpAddress target, Optional<IpAddress> egress) {
      if (source instanceof Ipv4Address s4) {
        Ipv4Address via = egress.map(Ipv4Address.class::cast).orElse(s4);
        Optional<Ipv4Address> to = n.network().bridge().snatRewrite(s4, (Ipv4Address) target, via);
        return egress.isEmpty() && n.masquerades() ? Optional.empty() : to.map(IpAddress.class::cast);
      }
      if (n.network().bridge().ipv6().orElseThrow().sourceNat() instanceof Ipv6SourceNat.SnatTo to) {
        return Optional.of(to.hostIp());
      }
      return egress;
    }
  }
}
