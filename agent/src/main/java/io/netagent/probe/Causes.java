package io.netagent.probe;

import io.netagent.kernel.ProbeDelivery;
import io.netagent.kernel.ProbeLink;
import io.netagent.kernel.ProbePlace;
import io.netagent.kernel.ForeignDrop;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.observed.Sysctls;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/**
 * The likely cause of a failed probe: the first of what can explain it that holds (the
 * container's interface, forwarding switched off, a foreign chain dropping forwarded traffic,
 * route_localnet off for a loopback probe, an error sending), else where the packet did not
 * arrive. A guess from what the kernel shows, not a proof: it names what to look at first.
 */
public final class Causes {
  private Causes() {}

  /** Empty when the probe passed; else its likely cause, in words. */
  public static Optional<String> of(Probe probe, ProbeDelivery delivery, ProbeLink link, Facts facts) {
    Optional<IpAddress> expected = probe.expectedSource(link);
    if (delivery.arrivedAtAll() && (expected.isEmpty() || expected.equals(delivery.source()))) {
      return Optional.empty();
    }
    return Optional.of(explain(probe, delivery, expected, facts));
  }

  private static String explain(Probe probe, ProbeDelivery delivery, Optional<IpAddress> expected, Facts facts) {
    if (delivery.arrivedAtAll()) {
      return "arrived from " + delivery.source().orElseThrow() + ", not " + expected.orElseThrow() + ": the source was not rewritten as declared";
    }
    Facts.Interface state = facts.interfaceOf(probe.container()).orElse(Facts.Interface.UP);
    if (state == Facts.Interface.NAMESPACE_MISSING) {
      return "the namespace of " + probe.container() + " does not exist";
    }
    if (state != Facts.Interface.UP) {
      return probe.container() + "'s interface is " + state + " inside its namespace";
    }
    boolean v6 = probe.family() == IpFamily.IPV6;
    String forward = v6 ? facts.ipv6Forwarding() : facts.ipForward();
    if (probe.kind().forwarded() && !forward.equals("1")) {
      return (v6 ? Sysctls.IPV6_FORWARDING : Sysctls.IP_FORWARD) + " is " + forward + " in the host: it forwards nothing";
    }
    Optional<String> off = probe.kind().forwarded() ? facts.forwardingOffFor(probe.kind(), probe.network(), probe.family()) : Optional.empty();
    if (off.isPresent()) {
      return "net.ipv4.conf." + off.get() + ".forwarding is 0 in the host: nothing arriving on "
          + (off.get().equals(Facts.NEW_LINKS) ? "a new interface (the probe link) " : off.get() + " ") + "is forwarded";
    }
    Optional<ForeignDrop> drop = probe.kind().forwarded() ? facts.dropOf(probe.family()) : Optional.empty();
    if (drop.isPresent()) {
      return "nftables " + drop.get().description() + "; a drop in another table is final, whatever netagent's table accepts";
    }
    if (probe.kind() == ProbeKind.LOOPBACK && !"1".equals(facts.routeLocalnet().get(probe.network()))) {
      return "route_localnet is off on the bridge of network " + probe.network() + ": the kernel drops DNATed packets from 127.0.0.1";
    }
    if (delivery.problem().isPresent()) {
      return delivery.problem().get();
    }
    return "packet did not arrive at " + place(probe.at(), probe.container());
  }

  private static String place(ProbePlace place, String container) {
    if (place instanceof ProbePlace.At at && !(at.namespace() instanceof NamespaceRef.Host)) {
      return container + "'s " + at.link();
    }
    return place.toString();
  }
}
