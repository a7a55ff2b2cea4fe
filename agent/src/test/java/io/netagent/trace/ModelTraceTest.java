package io.netagent.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.config.ConfigLoader;
import io.netagent.model.DesiredState;
import io.netagent.model.IpFamily;
import io.netagent.testing.TraceConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model's trace over hand cases, through {@link TraceConfig}. */
class ModelTraceTest {
  static final String YAML = TraceConfig.YAML;
  static final DesiredState STATE = TraceConfig.STATE;

  static List<String> keys(DesiredState state, Places places, String... words) {
    Packet packet = Sides.resolve(state, TraceQuery.parse(List.of(words)), places);
    return ModelTrace.of(state, packet, places).stream().map(Step::key).toList();
  }

  static List<String> keys(String... words) {
    return keys(STATE, Places.DEFAULTS, words);
  }

  @Test
  void aPublishedPortFromOutsideIsDnatedToItsContainerAndLeavesByItsBridge() {
    assertThat(keys("tcp", "outside", "->", "host:8061"))
        .containsExactly("outside", "any", "dnat 10.61.0.11:80", "dev nbra", "accept published", "unchanged", "dev nbra");
  }

  @Test
  void theSameNumberOverUdpIsNotPublishedAndIsDeliveredToTheHost() {
    assertThat(keys("udp", "outside", "->", "host:8061"))
        .containsExactly("outside", "none", "unchanged", "local", "not forwarded", "unchanged", "local");
  }

  @Test
  void hairpinThroughTheGatewayIsMasqueradedToTheGateway() {
    assertThat(keys("tcp", "a2", "->", "host:8061"))
        .containsExactly("dev nbra", "any", "dnat 10.61.0.11:80", "dev nbra", "accept published", "hairpin nbra 10.61.0.0/24 → 10.61.0.1", "dev nbra");
  }

  @Test
  void isolationDropsTrafficBetweenNetworksBothWaysButNotToPublishedPorts() {
    assertThat(keys("tcp", "a1", "->", "b1:80")).containsExactly("dev nbra", "none", "unchanged", "dev nbrb", "drop isolate nbra from",
        "dropped", "dropped");
    assertThat(keys("tcp", "b1", "->", "a1:80")).element(4).isEqualTo("drop isolate nbra to");
    assertThat(keys("tcp", "b1", "->", "host:8061")).element(4).isEqualTo("accept published");
  }

  @Test
  void twoNetworksThatAreNotIsolatedPassAndMasqueradeIsPerNetwork() {
    DesiredState open = ConfigLoader.parse("open.yaml", YAML.replace("subnet6: \"fd00:61::/64\" }", "subnet6: \"fd00:61::/64\", isolate: false }"),
        false).state();
    assertThat(keys(open, Places.DEFAULTS, "tcp", "a1", "->", "b1:80")).containsExactly("dev nbra", "none", "unchanged", "dev nbrb",
        "accept forward-out nbra 10.61.0.0/24", "masquerade nbra 10.61.0.0/24 → 10.62.0.1", "dev nbrb");
    assertThat(keys(open, Places.DEFAULTS, "tcp", "b1", "->", "a1:80")).containsExactly("dev nbrb", "none", "unchanged", "dev nbra",
        "accept forward-in nbra 10.61.0.0/24", "unchanged", "dev nbra");
  }

  @Test
  void aPortBoundToLoopbackIsDnatedFromTheHostWithTheLocalhostMasquerade() {
    assertThat(keys("udp", "host", "->", "127.0.0.1:5353")).containsExactly("host", "bound", "dnat 10.61.0.11:53", "dev nbra", "not forwarded",
        "localhost nbra → 10.61.0.1", "dev nbra");
    assertThat(keys("udp", "host", "->", "10.61.0.1:5353")).element(1).isEqualTo("none");
  }

  @Test
  void toTheOutsideTheMasqueradeAddressIsTheKernelsToKnow() {
    assertThat(keys("tcp", "a1", "->", "outside:443")).containsExactly("dev nbra", "none", "unchanged", "outside",
        "accept forward-out nbra 10.61.0.0/24", "masquerade nbra 10.61.0.0/24 → *", "outside");
    assertThat(keys("tcp", "b1", "->", "outside:443")).element(5).isEqualTo("unchanged");
  }

  @Test
  void ipv6HasItsOwnTableAndRoutesBetweenContainersThroughTheHost() {
    Places v6 = new Places(Optional.of(IpFamily.IPV6), Optional.empty(), Optional.empty(), false);
    assertThat(keys(STATE, v6, "tcp", "outside", "->", "host:8061")).containsExactly("outside", "any", "dnat [fd00:61::2]:80", "dev nbra",
        "accept published", "unchanged", "dev nbra");
    assertThat(keys(STATE, v6, "tcp", "a1", "->", "a2:80")).containsExactly("dev nbra", "none", "unchanged", "dev nbra",
        "accept forward-out nbra fd00:61::/64", "unchanged", "dev nbra");
    assertThat(keys(STATE, v6, "tcp", "host", "->", "[::1]:8061")).element(1).isEqualTo("none");
    assertThat(keys(STATE, v6, "udp", "host", "->", "[fd00:61::1]:5353")).element(1).isEqualTo("none");
  }

  @Test
  void overIpv4ContainersOfOneNetworkMeetInTheBridgeUnseenByTheHost() {
    assertThat(keys("tcp", "a1", "->", "a2:80")).containsExactly(ModelTrace.NOT_SEEN, ModelTrace.NOT_SEEN, ModelTrace.NOT_SEEN, "dev nbra",
        ModelTrace.NOT_SEEN, ModelTrace.NOT_SEEN, ModelTrace.NOT_SEEN);
    assertThat(keys(STATE, Places.DEFAULTS.withBridgeNetfilter(true), "tcp", "a1", "->", "a2:80")).containsExactly("dev nbra", "none",
        "unchanged", "dev nbra", "accept forward-out nbra 10.61.0.0/24", "unchanged", "dev nbra");
  }

  @Test
  void sidesThatCannotBeAreRefused() {
    assertThatThrownBy(() -> keys("tcp", "zz", "->", "host:1")).isInstanceOf(TraceInputException.class)
        .hasMessage("unknown container \"zz\": give a container of the configuration (a1, a2, b1), an address, host or outside");
    assertThatThrownBy(() -> keys("tcp", "a1", "->", "127.0.0.1:80")).hasMessageContaining("its own loopback");
    assertThatThrownBy(() -> keys("tcp", "fd00:61::9", "->", "10.61.0.1:80")).hasMessageContaining("a packet has one family");
    Places v6 = new Places(Optional.of(IpFamily.IPV6), Optional.empty(), Optional.empty(), false);
    assertThatThrownBy(() -> keys(STATE, v6, "tcp", "b1", "->", "host:80")).hasMessage("container b1 has no IPv6 address (its network b has no IPv6)");
  }

  @Test
  void hostMeansTheSendersGatewayOrTheGivenHostAddress() {
    Packet fromB = Sides.resolve(STATE, TraceQuery.parse(List.of("tcp", "b1", "->", "host:1")), Places.DEFAULTS);
    assertThat(fromB.destination()).hasToString("10.62.0.1");
    Places given = new Places(Optional.empty(), Optional.empty(), Optional.of(io.netagent.model.IpAddress.parse("192.0.2.7")), false);
    Packet fromOutside = Sides.resolve(STATE, TraceQuery.parse(List.of("tcp", "outside", "->", "host:8061")), given);
    assertThat(fromOutside.destination()).hasToString("192.0.2.7");
    assertThat(keys(STATE, given, "tcp", "outside", "->", "host:8061")).element(2).isEqualTo("dnat 10.61.0.11:80");
  }
}
