package io.netagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.config.ConfigLoader;
import io.netagent.daemon.AttachmentView;
import io.netagent.daemon.NetworkView;
import io.netagent.model.DesiredState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IPv6 keys of the API's views: there for what has IPv6, absent otherwise, so IPv4 answers stay as they were. */
class ViewJsonTest {
  private static final DesiredState STATE = ConfigLoader.parse("test.yaml", """
      networks:
        - { name: dual, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, subnet6: "fd00:9::/64" }
        - { name: six, bridge: br6, subnet6: "fd00:6::/64", gateway6: "fd00:6::fe" }
        - { name: four, bridge: br4, subnet: 10.4.0.0/24, gateway: 10.4.0.1 }
      containers:
        - { name: web, network: dual, ip: 10.9.0.2, ports: [ { host: 8443, container: 443, hostIp: "2001:db8::1" } ] }
        - { name: v6, network: six }
        - { name: v4, network: four, ip: 10.4.0.2 }
      """, false).state();

  private static JsonNode attachment(int index, boolean ip6Allocated) {
    return ViewJson.attachment(new AttachmentView("id", STATE.containers().get(index), false, ip6Allocated, "2026-01-01T00:00:00Z", "converged"));
  }

  private static JsonNode network(int index) {
    return ViewJson.network(new NetworkView(STATE.networks().get(index), List.of(), "converged"));
  }

  @Test
  void aDualStackAttachmentShowsBothAddressesAndAnIpv6HostIp() {
    JsonNode web = attachment(0, true);

    assertThat(web.get("ip").asText()).isEqualTo("10.9.0.2");
    assertThat(web.get("ip6").asText()).isEqualTo("fd00:9::2");
    assertThat(web.get("ip6Allocated").asBoolean()).isTrue();
    assertThat(web.get("ports").get(0).get("hostIp").asText()).isEqualTo("2001:db8::1");
  }

  @Test
  void anIpv6OnlyAttachmentHasANullIp() {
    JsonNode v6 = attachment(1, true);

    assertThat(v6.get("ip").isNull()).isTrue();
    assertThat(v6.get("ip6").asText()).as("gateway6 is ::fe, so ::1 is free").isEqualTo("fd00:6::1");
  }

  @Test
  void anIpv4AttachmentHasNoIpv6Keys() {
    JsonNode v4 = attachment(2, false);

    assertThat(v4.get("ip").asText()).isEqualTo("10.4.0.2");
    assertThat(v4.has("ip6")).isFalse();
    assertThat(v4.has("ip6Allocated")).isFalse();
  }

  @Test
  void aNetworkShowsTheSubnetAndGatewayOfEachFamilyItHas() {
    assertThat(network(0).get("subnet6").asText()).isEqualTo("fd00:9::/64");
    assertThat(network(0).get("gateway6").asText()).isEqualTo("fd00:9::1");
    assertThat(network(1).get("subnet").isNull()).isTrue();
    assertThat(network(1).get("gateway").isNull()).isTrue();
    assertThat(network(1).get("gateway6").asText()).isEqualTo("fd00:6::fe");
    assertThat(network(2).get("subnet").asText()).isEqualTo("10.4.0.0/24");
    assertThat(network(2).has("subnet6")).isFalse();
  }
}
