package io.netagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netagent.model.DesiredState;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Network;
import org.junit.jupiter.api.Test;

/** Networks declared through the API (a CNI configuration's inline network): the file's keys and rules, IPv6 included. */
class NetworkRequestsTest {
  private static final DesiredState DECLARED = ConfigLoader.parse("test.yaml", """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, subnet6: "fd00:9::/64" }
      """, false).state();

  private static AttachmentRequestException refused(String body) {
    return catchThrowableOfType(() -> NetworkRequests.resolve(body, DECLARED), AttachmentRequestException.class);
  }

  @Test
  void anIpv6OnlyNetworkIsDeclaredWithItsDefaults() {
    Network six = NetworkRequests.resolve("{\"name\": \"six\", \"bridge\": \"br6\", \"subnet6\": \"fd00:6::/64\", \"masquerade6\": false}",
        DECLARED);

    assertThat(six.bridge().ipv4()).isEmpty();
    assertThat(six.bridge().ipv6().orElseThrow().gateway()).isEqualTo(Ipv6Address.parse("fd00:6::1"));
    assertThat(six.bridge().ipv6().orElseThrow().sourceNat()).hasToString("no source NAT");
  }

  @Test
  void theSameDualStackDefinitionAgainIsNoClash() {
    Network again = NetworkRequests.resolve(
        "{\"name\": \"n\", \"bridge\": \"br0\", \"subnet\": \"10.9.0.0/24\", \"gateway\": \"10.9.0.1\", \"subnet6\": \"fd00:9::/64\"}", DECLARED);

    assertThat(again.sameDefinition(DECLARED.network("n").orElseThrow())).isTrue();
  }

  @Test
  void anOverlappingSubnet6IsAClash() {
    AttachmentRequestException e = refused("{\"name\": \"m\", \"bridge\": \"br1\", \"subnet6\": \"fd00:9::/112\"}");

    assertThat(e.why()).isEqualTo(AttachmentRequestException.Why.CLASH);
    assertThat(e.problems()).extracting(ConfigProblem::message)
        .containsExactly("subnet6 fd00:9::/112 overlaps subnet6 fd00:9::/64 of network n");
  }

  @Test
  void anInvalidIpv6KeyIsLocatedInTheBody() {
    AttachmentRequestException e = refused("{\"name\": \"m\", \"bridge\": \"br1\", \"subnet6\": \"fd00:1::/48\"}");

    assertThat(e.why()).isEqualTo(AttachmentRequestException.Why.INVALID);
    assertThat(e.problems()).containsExactly(new ConfigProblem("request", 1, 43, "subnet6",
        "fd00:1::/48 is a /48: an IPv6 container network must be a /64 or a longer prefix, up to /127"));
  }

  @Test
  void anMtuBelowWhatIpv6NeedsIsRefusedInTheBody() {
    AttachmentRequestException e = refused("{\"name\": \"m\", \"bridge\": \"br1\", \"subnet6\": \"fd00:1::/64\", \"mtu\": 1000}");

    assertThat(e.why()).isEqualTo(AttachmentRequestException.Why.INVALID);
    assertThat(e.problems()).containsExactly(new ConfigProblem("request", 1, 65, "mtu",
        "MTU 1000 is below 1280, the least IPv6 needs (RFC 8200): a network with \"subnet6\" needs an mtu of 1280 or more"));
  }
}
