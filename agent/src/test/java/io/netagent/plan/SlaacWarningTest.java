package io.netagent.plan;

import static io.netagent.testing.DualStackConfigs.DUAL;
import static io.netagent.testing.DualStackConfigs.IPV4;
import static io.netagent.testing.DualStackConfigs.SIX;
import static io.netagent.testing.DualStackConfigs.load;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.MTU;
import static io.netagent.testing.OperationFixtures.macFor;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.sysctl;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.fake.FakeKernel;
import io.netagent.model.DesiredState;
import io.netagent.observed.Sysctls;
import io.netagent.operations.CreateBridge;
import io.netagent.reconcile.Reconciler;
import org.junit.jupiter.api.Test;

/**
 * Switching IPv6 forwarding on makes links with accept_ra=1 ignore router advertisements
 * (docs/kernel-facts.md §11D, D2): the plan that switches it names them, and no other plan does.
 */
class SlaacWarningTest {
  private static final String ETH0_AND_WLAN0 = "switching IPv6 forwarding on makes eth0, wlan0 ignore router advertisements (their accept_ra is 1): "
      + "a default route they learnt goes at once and their SLAAC addresses age out; set net.ipv6.conf.IFACE.accept_ra=2 on them first "
      + "(see the README, \"IPv6\")";
  /** The warning naming one link, {@code %s}. */
  private static final String ONE = "switching IPv6 forwarding on makes %s ignore router advertisements (its accept_ra is 1): a default route "
      + "it learnt goes at once and its SLAAC addresses age out; set net.ipv6.conf.IFACE.accept_ra=2 on it first (see the README, \"IPv6\")";
  private final FakeKernel kernel = new FakeKernel();
  private final Reconciler reconciler = new Reconciler(kernel);

  private void nic(String name) {
    kernel.addDevice(HOST, name(name), "dummy", macFor(name), MTU);
  }

  @Test
  void thePlanThatSwitchesForwardingOnNamesEveryLinkWithAcceptRa1() {
    nic("eth0");
    nic("wlan0");

    assertThat(reconciler.plan(load(DUAL)).warnings()).containsExactly(ETH0_AND_WLAN0);
    assertThat(reconciler.plan(load(SIX)).warnings()).containsExactly(ETH0_AND_WLAN0);
  }

  @Test
  void oneLinkIsNamedInTheSingular() {
    nic("eth0");

    assertThat(reconciler.plan(load(DUAL)).warnings()).containsExactly(ONE.formatted("eth0"));
  }

  @Test
  void linksWithAcceptRa0Or2AreNotNamed() {
    nic("eth0");
    nic("wlan0");
    nic("eth1");
    kernel.apply(sysctl(HOST, Sysctls.acceptRa(name("eth0")), "2"));
    kernel.apply(sysctl(HOST, Sysctls.acceptRa(name("eth1")), "0"));

    assertThat(reconciler.plan(load(DUAL)).warnings()).containsExactly(ONE.formatted("wlan0"));
  }

  @Test
  void noWarningWhenForwardingIsOnAlready() {
    nic("eth0");
    kernel.apply(sysctl(HOST, Sysctls.IPV6_FORWARDING, "1"));
    kernel.apply(sysctl(HOST, Sysctls.acceptRa(name("eth0")), "1"));

    assertThat(reconciler.plan(load(DUAL)).warnings()).isEmpty();
  }

  @Test
  void noWarningWhenNoLinkTakesRouterAdvertisements() {
    nic("eth0");
    kernel.apply(sysctl(HOST, Sysctls.acceptRa(name("eth0")), "0"));

    assertThat(reconciler.plan(load(DUAL)).warnings()).isEmpty();
  }

  @Test
  void noWarningWithoutIpv6() {
    nic("eth0");

    assertThat(reconciler.plan(load(IPV4)).warnings()).isEmpty();
  }

  /** A bridge netagent made (accept_ra 1 until its own plan sets 0) is not named; loopback never is. */
  @Test
  void netagentsOwnLinksAreNotNamed() {
    DesiredState dual = load(DUAL);
    nic("eth0");
    reconciler.plan(dual).operations().stream().filter(CreateBridge.class::isInstance).forEach(kernel::apply);

    assertThat(reconciler.plan(dual).warnings()).containsExactly(ONE.formatted("eth0"));
  }
}
