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
        - { name: six, bridge: br6, subnet6: "fd00:6::/64", gateway6: "fd00:6::fe", snatTo6: "2001:db8::10" }
        - { name: four, bridge: br4, subnet: 10.4.0.0/24, gateway: 10.4.0.1 }
      containers:
        - { name: web, network: dual, ip: 10.9.0.2, ports: [ { host: 8443, container: 443, hostIp: "2001:db8::1" }, { host: 8080, container: 80 } ] }
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
    assertThat(attachment(0, true)).hasToString("{\"id\":\"id\",\"name\":\"web\",\"network\":\"dual\",\"namespace\":\"web\","
        + "\"interface\":\"eth0\",\"hostInterface\":\"veth-web\",\"ip\":\"10.9.0.2\",\"ip6\":\"fd00:9::2\",\"mac\":\"02:42:ad:65:64:01\","
        + "\"mtu\":1500,\"ports\":[{\"host\":8443,\"container\":443,\"protocol\":\"tcp\",\"hostIp\":\"2001:db8::1\"},"
        + "{\"host\":8080,\"container\":80,\"protocol\":\"tcp\",\"hostIp\":null}],"
        + "\"ipAllocated\":false,\"ip6Allocated\":true,\"created\":\"2026-01-01T00:00:00Z\",\"state\":\"converged\"}");
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
  void aNetworkShowsTheSubnetGatewayAndSourceNatOfEachFamilyItHas() {
    assertThat(network(0)).hasToString("{\"name\":\"dual\",\"bridge\":\"br0\",\"subnet\":\"10.9.0.0/24\",\"gateway\":\"10.9.0.1\","
        + "\"subnet6\":\"fd00:9::/64\",\"gateway6\":\"fd00:9::1\",\"masquerade6\":true,\"snatTo6\":null,\"mtu\":1500,"
        + "\"containers\":[],\"state\":\"converged\"}");
    assertThat(network(1)).hasToString("{\"name\":\"six\",\"bridge\":\"br6\",\"subnet\":null,\"gateway\":null,"
        + "\"subnet6\":\"fd00:6::/64\",\"gateway6\":\"fd00:6::fe\",\"masquerade6\":false,\"snatTo6\":\"2001:db8::10\",\"mtu\":1500,"
        + "\"containers\":[],\"state\":\"converged\"}");
    assertThat(network(2)).hasToString("{\"name\":\"four\",\"bridge\":\"br4\",\"subnet\":\"10.4.0.0/24\",\"gateway\":\"10.4.0.1\","
        + "\"mtu\":1500,\"containers\":[],\"state\":\"converged\"}");
  }
}
