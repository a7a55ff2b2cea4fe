package io.netagent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.DataPlaneProbe;
import io.netagent.kernel.ForeignDrop;
import io.netagent.kernel.ProbeDelivery;
import io.netagent.kernel.ProbeLink;
import io.netagent.kernel.ProbePacket;
import io.netagent.kernel.ProbePlace;
import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Sysctls;
import io.netagent.operations.Reason;
import io.netagent.operations.SetSysctl;
import io.netagent.reconcile.Reconciler;
import io.netagent.testing.DualStackConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Probing a converged in-memory kernel through a stand-in data plane that loses the packets a test names. */
class ProbeRunTest {
  private final FakeKernel kernel = new FakeKernel();
  private final DesiredState desired = DualStackConfigs.load(DualStackConfigs.IPV4);

  /** Delivers every packet but those {@code lost} names; what reaches the probe link comes from its host end (masqueraded). */
  private static final class StandIn implements DataPlaneProbe {
    final Predicate<ProbePacket> lost;
    final List<ProbeLink> links = new ArrayList<>();

    StandIn(Predicate<ProbePacket> lost) {
      this.lost = lost;
    }

    @Override
    public List<ProbeDelivery> deliver(ProbeLink link, List<ProbePacket> packets) {
      links.add(link);
      return packets.stream()
          .map(p -> lost.test(p) ? ProbeDelivery.lost() : ProbeDelivery.arrived(p.at() == ProbePlace.OUTSIDE ? link.host() : p.to()))
          .toList();
    }

    @Override
    public List<ForeignDrop> foreignForwardDrops() {
      return List.of();
    }

    @Override
    public Map<String, String> forwarding(List<String> devices) {
      return Map.of("default", "1", "nbr0", "1");
    }
  }

  private ObservedState converged() {
    new Reconciler(kernel).apply(desired, op -> {});
    return kernel.observe(Scope.whole(desired.namespaces()));
  }

  @Test
  void everyProbePassesWhenEveryPacketArrivesAndTheLinkAvoidsTheHostsSubnets() {
    ObservedState observed = converged();
    StandIn standIn = new StandIn(p -> false);

    List<ProbeOutcome> outcomes = ProbeRun.run(desired, observed, standIn);

    assertThat(outcomes).hasSize(6).allMatch(ProbeOutcome::ok);
    assertThat(standIn.links).hasSize(1);
    assertThat(FreeLink.RANGE.contains(standIn.links.get(0).host())).isTrue();
  }

  @Test
  void forwardingSwitchedOffExplainsTheForwardedProbesLostAndOnlyThose() {
    converged();
    kernel.apply(new SetSysctl(NamespaceRef.HOST, Sysctls.IP_FORWARD, "0", Reason.MISSING));
    ObservedState observed = kernel.observe(Scope.whole(desired.namespaces()));

    List<ProbeOutcome> outcomes = ProbeRun.run(desired, observed, new StandIn(p -> p.from() == ProbePlace.OUTSIDE || p.at() == ProbePlace.OUTSIDE
        || p.from().equals(p.at())));

    assertThat(outcomes.stream().filter(o -> !o.ok()).map(o -> o.probe().kind() + ": " + o.cause().orElseThrow()).toList()).containsExactly(
        "outside: net.ipv4.ip_forward is 0 in the host: it forwards nothing",
        "hairpin: net.ipv4.ip_forward is 0 in the host: it forwards nothing",
        "masquerade: net.ipv4.ip_forward is 0 in the host: it forwards nothing");
  }
}
