package io.netagent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.ForeignDrop;
import io.netagent.kernel.ProbeDelivery;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The likely cause of a failed probe: the first explanation that holds, in a fixed order. */
class CausesTest {
  private static final List<Probe> PROBES = Probes.of(ProbesTest.state(ProbesTest.CONFIG));
  private static final Probe GATEWAY = PROBES.get(0);
  private static final Probe HOST = PROBES.get(1);
  private static final Probe LOOPBACK = PROBES.get(2);
  private static final Probe OUTSIDE = PROBES.get(3);
  private static final Probe HAIRPIN = PROBES.get(4);
  private static final Probe MASQUERADE = PROBES.get(9);
  private static final List<ForeignDrop> DOCKER = List.of(new ForeignDrop(Set.of(IpFamily.IPV4), "chain ip filter FORWARD (hook forward): policy drop"));

  private static Facts facts(String ipForward, List<ForeignDrop> drops, Facts.Interface web, String localnet, String nbr0Forwarding, String newLinks) {
    return new Facts(ipForward, "1", drops, Map.of("web", web, "db", Facts.Interface.UP), Map.of("front", localnet, "back", "0"),
        Map.of("front", "nbr0", "back", "nbr1"), Map.of("nbr0", nbr0Forwarding, "nbr1", "1", "default", newLinks));
  }

  private static final Facts HEALTHY = facts("1", List.of(), Facts.Interface.UP, "1", "1", "1");

  private static String cause(Probe probe, ProbeDelivery delivery, Facts facts) {
    return Causes.of(probe, delivery, ProbesTest.LINK, facts).orElse("ok");
  }

  @Test
  void anArrivedPacketIsOkAndAMasqueradedOneOnlyWithTheSourceItShouldHave() {
    assertThat(cause(OUTSIDE, ProbeDelivery.arrived(ProbesTest.LINK.outside()), HEALTHY)).isEqualTo("ok");
    assertThat(cause(MASQUERADE, ProbeDelivery.arrived(ProbesTest.LINK.host()), HEALTHY)).isEqualTo("ok");
    assertThat(cause(MASQUERADE, ProbeDelivery.arrived(Ipv4Address.parse("10.88.0.2")), HEALTHY))
        .isEqualTo("arrived from 10.88.0.2, not 198.18.7.1: the source was not rewritten as declared");
  }

  @Test
  void theContainersInterfaceComesFirstForEveryKind() {
    Facts down = facts("0", DOCKER, Facts.Interface.DOWN, "0", "0", "0");
    for (Probe probe : List.of(GATEWAY, HOST, LOOPBACK, OUTSIDE, HAIRPIN, MASQUERADE)) {
      assertThat(cause(probe, ProbeDelivery.failed("cannot send from web: Network is unreachable"), down))
          .as(probe.toString()).isEqualTo("web's interface is down inside its namespace");
    }
    assertThat(cause(HOST, ProbeDelivery.lost(), facts("1", List.of(), Facts.Interface.NAMESPACE_MISSING, "1", "1", "1")))
        .isEqualTo("the namespace of web does not exist");
  }

  @Test
  void forwardedProbesAreExplainedByForwardingThenByAForeignDrop() {
    assertThat(cause(OUTSIDE, ProbeDelivery.lost(), facts("0", DOCKER, Facts.Interface.UP, "1", "1", "1")))
        .isEqualTo("net.ipv4.ip_forward is 0 in the host: it forwards nothing");
    assertThat(cause(HAIRPIN, ProbeDelivery.lost(), facts("1", DOCKER, Facts.Interface.UP, "1", "0", "1")))
        .isEqualTo("net.ipv4.conf.nbr0.forwarding is 0 in the host: nothing arriving on nbr0 is forwarded");
    assertThat(cause(OUTSIDE, ProbeDelivery.lost(), facts("1", DOCKER, Facts.Interface.UP, "1", "0", "0")))
        .isEqualTo("net.ipv4.conf.default.forwarding is 0 in the host: nothing arriving on a new interface (the probe link) is forwarded");
    assertThat(cause(MASQUERADE, ProbeDelivery.lost(), facts("1", DOCKER, Facts.Interface.UP, "1", "1", "1")))
        .isEqualTo("nftables chain ip filter FORWARD (hook forward): policy drop; a drop in another table is final, whatever netagent's table accepts");
  }

  @Test
  void ipv6ProbesAreExplainedByIpv6ForwardingAndByDropsOfIpv6Only() {
    Probe outside6 = PROBES.get(14);
    Facts ipv6Off = new Facts("1", "0", DOCKER, Map.of("v6", Facts.Interface.UP), Map.of(), Map.of("six", "nbr6"), Map.of("default", "0"));
    Facts ip6Drop = new Facts("1", "1", List.of(DOCKER.get(0), new ForeignDrop(Set.of(IpFamily.IPV4, IpFamily.IPV6), "chain inet fw f (hook forward): policy drop")),
        Map.of("v6", Facts.Interface.UP), Map.of(), Map.of("six", "nbr6"), Map.of("default", "0"));

    assertThat(cause(outside6, ProbeDelivery.lost(), ipv6Off)).isEqualTo("net.ipv6.conf.all.forwarding is 0 in the host: it forwards nothing");
    assertThat(cause(outside6, ProbeDelivery.lost(), ip6Drop)).as("the ip table's chain does not see IPv6; the inet one does, default.forwarding is IPv4's")
        .isEqualTo("nftables chain inet fw f (hook forward): policy drop; a drop in another table is final, whatever netagent's table accepts");
  }

  @Test
  void forwardingDoesNotExplainWhatTheHostDeliversItself() {
    Facts noForwarding = facts("0", DOCKER, Facts.Interface.UP, "1", "0", "0");
    assertThat(cause(HOST, ProbeDelivery.lost(), noForwarding)).isEqualTo("packet did not arrive at web's eth0");
    assertThat(cause(GATEWAY, ProbeDelivery.lost(), noForwarding)).isEqualTo("packet did not arrive at nbr0 in the host");
    assertThat(cause(LOOPBACK, ProbeDelivery.lost(), facts("1", List.of(), Facts.Interface.UP, "0", "1", "1")))
        .isEqualTo("route_localnet is off on the bridge of network front: the kernel drops DNATed packets from 127.0.0.1");
  }

  @Test
  void whatWentWrongSendingOrWatchingIsTheCauseWhenNothingElseExplainsIt() {
    assertThat(cause(HOST, ProbeDelivery.failed("cannot watch eth0 in web: if_nametoindex failed"), HEALTHY))
        .isEqualTo("cannot watch eth0 in web: if_nametoindex failed");
    assertThat(cause(MASQUERADE, ProbeDelivery.lost(), HEALTHY)).isEqualTo("packet did not arrive at the probe link");
  }
}
