package io.netagent.config;

import static io.netagent.config.ConfigTesting.load;
import static io.netagent.config.ConfigTesting.network;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.Bridge;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.Network;
import io.netagent.model.SourceNat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The IPv6 keys of a network, with their defaults, read into the model. */
class Ipv6NetworkTest {

  @Test
  void subnet6MakesANetworkDualStackWithTheFirstAddressAsGateway6AndMasquerade6() {
    Bridge bridge = network(load("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            subnet6: "fd00:88::/64"
        """), "default").bridge();

    assertThat(bridge.ipv4()).contains(new BridgeIpv4(Ipv4Subnet.parse("10.88.0.0/16"), Ipv4Address.parse("10.88.0.1")));
    assertThat(bridge.ipv6()).contains(new BridgeIpv6(Ipv6Subnet.parse("fd00:88::/64"), Ipv6Address.parse("fd00:88::1"),
        new Ipv6SourceNat.Masquerade()));
    assertThat(bridge.nat().sourceNat()).isEqualTo(new SourceNat.Masquerade());
  }

  @Test
  void aNetworkWithSubnet6AloneIsIpv6Only() {
    Network network = network(load("""
        networks:
          - name: six
            bridge: nbr6
            subnet6: "2001:db8:1::/64"
            gateway6: "2001:db8:1::fe"
            masquerade6: false
        """), "six");

    assertThat(network.bridge().ipv4()).isEmpty();
    assertThat(network.bridge().ipv6()).contains(new BridgeIpv6(Ipv6Subnet.parse("2001:db8:1::/64"), Ipv6Address.parse("2001:db8:1::fe"),
        new Ipv6SourceNat.Disabled()));
    assertThat(network.bridge().nat().sourceNat()).as("no IPv4 to NAT").isEqualTo(new SourceNat.Disabled());
    assertThat(network.allocate()).isEmpty();
  }

  @Test
  void snatTo6AndAllocate6AreTheTwinsOfSnatToAndAllocate() {
    Network network = network(load("""
        networks:
          - name: default
            bridge: nbr0
            subnet: 10.88.0.0/16
            gateway: 10.88.0.1
            snatTo: 192.0.2.10
            subnet6: "fd00:88::/64"
            snatTo6: "2001:db8::10"
            allocate6: "fd00:88::1:0/112"
        """), "default");

    assertThat(network.bridge().nat().sourceNat()).isEqualTo(new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10")));
    assertThat(network.bridge().ipv6().orElseThrow().sourceNat()).isEqualTo(new Ipv6SourceNat.SnatTo(Ipv6Address.parse("2001:db8::10")));
    assertThat(network.allocate6()).contains(Ipv6Subnet.parse("fd00:88::1:0/112"));
  }

  @Test
  void aSlash127IsTheLongestPrefix() {
    assertThat(network(load("""
        networks:
          - name: p2p
            bridge: nbr0
            subnet6: "2001:db8::/127"
        """), "p2p").bridge().ipv6().orElseThrow().gateway()).isEqualTo(Ipv6Address.parse("2001:db8::1"));
  }

  @Test
  void theKeysOfTheJsonFormAreTheSame() {
    Network network = network(ConfigLoader.parse("netagent.json", """
        {"networks": [{"name": "six", "bridge": "nbr6", "subnet6": "fd00:6::/64", "gateway6": "fd00:6::1"}]}
        """, true).state(), "six");

    assertThat(network.bridge().ipv6().orElseThrow().subnet()).isEqualTo(Ipv6Subnet.parse("fd00:6::/64"));
    assertThat(network.bridge().ipv4()).isEqualTo(Optional.empty());
  }
}
