package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeTest {
  private static final InterfaceName NBR0 = InterfaceName.of("nbr0");
  private static final MacAddress BRIDGE_MAC = MacAddress.parse("02:42:00:00:00:01");
  private static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.88.0.0/16");
  private static final Ipv4Address GATEWAY = ip("10.88.0.1");
  private static final Optional<BridgeIpv4> IPV4 = Optional.of(new BridgeIpv4(SUBNET, GATEWAY));
  private static final InterfaceName VETH_WEB = InterfaceName.of("veth-web");
  private static final InterfaceName VETH_DB = InterfaceName.of("veth-db");

  private static Ipv4Address ip(String text) {
    return Ipv4Address.parse(text);
  }

  private static MacAddress mac(String text) {
    return MacAddress.parse(text);
  }

  private static Bridge ipv4Bridge(MacAddress mac, Ipv4Address gateway, Ipv4Subnet subnet, int mtu, SourceNat sourceNat) {
    return Bridge.of(NBR0, mac, Optional.of(new BridgeIpv4(subnet, gateway)), Optional.empty(), mtu, sourceNat);
  }

  private static Bridge bridge(SourceNat sourceNat) {
    return ipv4Bridge(BRIDGE_MAC, GATEWAY, SUBNET, 1500, sourceNat);
  }

  private static Bridge bridge() {
    return bridge(new SourceNat.Masquerade());
  }

  @Test
  void ofStartsWithNothingAttachedAndAnEmptyNatTable() {
    Bridge bridge = bridge();

    assertThat(bridge.attached()).isEmpty();
    assertThat(bridge.attachedCount()).isZero();
    assertThat(bridge.arpProxy()).isEmpty();
    assertThat(bridge.nat()).isEqualTo(NatTable.of(new SourceNat.Masquerade()));
  }

  @Test
  void gatewayCidrCarriesTheSubnetPrefixLength() {
    assertThat(bridge().ipv4().orElseThrow().gatewayCidr()).isEqualTo(Ipv4Cidr.parse("10.88.0.1/16"));
  }

  @Test
  void attachAddsAPort() {
    Bridge bridge = bridge().attach(VETH_WEB).attach(VETH_DB);

    assertThat(bridge.attached()).containsExactly(VETH_WEB, VETH_DB);
    assertThat(bridge.attachedCount()).isEqualTo(2);
  }

  @Test
  void attachingTwiceIsANoOp() {
    Bridge once = bridge().attach(VETH_WEB);

    Bridge twice = once.attach(VETH_WEB);

    assertThat(twice).isSameAs(once);
    assertThat(twice.attachedCount()).isEqualTo(1);
  }

  @Test
  void attachLeavesTheOriginalUnchanged() {
    Bridge original = bridge();

    original.attach(VETH_WEB);

    assertThat(original.attachedCount()).isZero();
  }

  @Test
  void detachRemovesAPort() {
    Bridge bridge = bridge().attach(VETH_WEB).attach(VETH_DB);

    Bridge detached = bridge.detach(VETH_WEB);

    assertThat(detached.attached()).containsExactly(VETH_DB);
    assertThat(detached.attachedCount()).isEqualTo(1);
    assertThat(bridge.attachedCount()).isEqualTo(2);
  }

  @Test
  void detachingAPortThatIsNotAttachedIsANoOp() {
    Bridge bridge = bridge().attach(VETH_WEB);

    assertThat(bridge.detach(VETH_DB)).isSameAs(bridge);
  }

  @Test
  void constructorRefusesAPortListedTwice() {
    assertThatThrownBy(() -> new Bridge(NBR0, BRIDGE_MAC, IPV4, Optional.empty(), 1500, List.of(VETH_WEB, VETH_WEB), List.of(),
            NatTable.of(new SourceNat.Masquerade())))
        .isInstanceOf(ModelException.class)
        .hasMessage("bridge nbr0 lists an attached interface twice");
  }

  @Test
  void inSubnet() {
    Bridge bridge = bridge();

    assertThat(bridge.inSubnet(ip("10.88.200.1"))).isTrue();
    assertThat(bridge.inSubnet(ip("10.89.0.1"))).isFalse();
  }

  @Test
  void gatewayOutsideTheSubnetIsRefused() {
    assertThatThrownBy(() -> ipv4Bridge(BRIDGE_MAC, ip("10.0.0.1"), SUBNET, 1500, new SourceNat.Masquerade()))
        .isInstanceOf(ModelException.class)
        .hasMessage("gateway 10.0.0.1 is outside subnet 10.88.0.0/16");
  }

  @Test
  void gatewayOnTheNetworkAddressIsRefused() {
    assertThatThrownBy(() -> ipv4Bridge(BRIDGE_MAC, ip("10.88.0.0"), SUBNET, 1500, new SourceNat.Masquerade()))
        .isInstanceOf(ModelException.class)
        .hasMessage("gateway 10.88.0.0 is the network or broadcast address of 10.88.0.0/16");
  }

  @Test
  void gatewayOnTheBroadcastAddressIsRefused() {
    assertThatThrownBy(() -> ipv4Bridge(BRIDGE_MAC, ip("10.88.255.255"), SUBNET, 1500, new SourceNat.Masquerade()))
        .hasMessage("gateway 10.88.255.255 is the network or broadcast address of 10.88.0.0/16");
  }

  @Test
  void gatewayMayBeEitherAddressOfASlash31() {
    Ipv4Subnet p2p = Ipv4Subnet.parse("10.0.0.4/31");

    assertThat(ipv4Bridge(BRIDGE_MAC, ip("10.0.0.4"), p2p, 1500, new SourceNat.Masquerade()).ipv4().orElseThrow().gateway())
        .isEqualTo(ip("10.0.0.4"));
  }

  @Test
  void multicastBridgeMacIsRefused() {
    assertThatThrownBy(() -> ipv4Bridge(mac("01:00:5e:00:00:01"), GATEWAY, SUBNET, 1500, new SourceNat.Masquerade()))
        .isInstanceOf(ModelException.class)
        .hasMessage("bridge MAC 01:00:5e:00:00:01 must be a unicast address");
  }

  @Test
  void zeroBridgeMacIsRefused() {
    assertThatThrownBy(() -> ipv4Bridge(mac("00:00:00:00:00:00"), GATEWAY, SUBNET, 1500, new SourceNat.Masquerade()))
        .hasMessage("bridge MAC 00:00:00:00:00:00 must be a unicast address");
  }

  @Test
  void mtuOutOfRangeIsRefused() {
    assertThatThrownBy(() -> ipv4Bridge(BRIDGE_MAC, GATEWAY, SUBNET, 67, new SourceNat.Masquerade()))
        .isInstanceOf(ModelException.class)
        .hasMessage("MTU 67 is outside 68–65535");
  }

  @Test
  void lookupArpProxyFindsTheMacOfAnEntry() {
    Bridge bridge = bridge().withArpProxy(new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:32")));

    assertThat(bridge.lookupArpProxy(ip("10.88.0.50"))).contains(mac("02:42:0a:58:00:32"));
    assertThat(bridge.lookupArpProxy(ip("10.88.0.51"))).isEmpty();
  }

  @Test
  void withArpProxyOfTheSameEntryIsANoOp() {
    ArpProxyEntry entry = new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:32"));
    Bridge once = bridge().withArpProxy(entry);

    Bridge twice = once.withArpProxy(new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:32")));

    assertThat(twice).isSameAs(once);
    assertThat(twice.arpProxy()).containsExactly(entry);
  }

  @Test
  void withArpProxyOfAnotherMacForTheSameIpThrows() {
    Bridge bridge = bridge().withArpProxy(new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:32")));

    assertThatThrownBy(() -> bridge.withArpProxy(new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:33"))))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("ARP proxy entry for 10.88.0.50 already exists (→ 02:42:0a:58:00:32)");
  }

  @Test
  void withArpProxyLeavesTheOriginalUnchanged() {
    Bridge original = bridge();

    original.withArpProxy(new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:32")));

    assertThat(original.arpProxy()).isEmpty();
  }

  @Test
  void constructorRefusesTwoArpProxyEntriesForOneIp() {
    assertThatThrownBy(() -> new Bridge(NBR0, BRIDGE_MAC, IPV4, Optional.empty(), 1500, List.of(),
            List.of(new ArpProxyEntry(ip("10.88.0.50"), mac("02:00:00:00:00:01")),
                new ArpProxyEntry(ip("10.88.0.50"), mac("02:00:00:00:00:02"))),
            NatTable.of(new SourceNat.Masquerade())))
        .isInstanceOf(ModelException.class)
        .hasMessage("bridge nbr0 has two ARP proxy entries for one IP");
  }

  @Test
  void withNatReplacesTheTable() {
    NatTable table = NatTable.of(new SourceNat.Disabled())
        .withMapping(new PortMapping(8080, 80, Protocol.TCP, ip("10.88.0.2"), Optional.empty()));

    assertThat(bridge().withNat(table).nat()).isEqualTo(table);
  }

  @Test
  void snatRewritesTrafficFromTheSubnetToOutside() {
    Ipv4Address egress = ip("192.0.2.1");

    assertThat(bridge().snatRewrite(ip("10.88.0.2"), ip("8.8.8.8"), egress)).contains(egress);
  }

  @Test
  void snatUsesTheFixedAddressOfSnatTo() {
    Bridge bridge = bridge(new SourceNat.SnatTo(ip("192.0.2.10")));

    assertThat(bridge.snatRewrite(ip("10.88.0.2"), ip("8.8.8.8"), ip("192.0.2.1"))).contains(ip("192.0.2.10"));
  }

  @Test
  void snatLeavesTrafficInsideTheSubnetAlone() {
    assertThat(bridge().snatRewrite(ip("10.88.0.2"), ip("10.88.0.3"), ip("192.0.2.1"))).isEmpty();
  }

  @Test
  void snatLeavesTrafficFromOutsideTheSubnetAlone() {
    assertThat(bridge().snatRewrite(ip("172.16.0.1"), ip("8.8.8.8"), ip("192.0.2.1"))).isEmpty();
    assertThat(bridge().snatRewrite(ip("8.8.8.8"), ip("10.88.0.2"), ip("192.0.2.1"))).isEmpty();
  }

  @Test
  void snatDisabledNeverRewrites() {
    assertThat(bridge(new SourceNat.Disabled()).snatRewrite(ip("10.88.0.2"), ip("8.8.8.8"), ip("192.0.2.1"))).isEmpty();
  }

  @Test
  void anIpv6OnlyBridgeHasNoIpv4Subnet() {
    Bridge bridge = Bridge.of(NBR0, BRIDGE_MAC, Optional.empty(), Optional.of(DualStack.IPV6), 1500, new SourceNat.Disabled());

    assertThat(bridge.ipv4()).isEmpty();
    assertThat(bridge.ipv6()).contains(DualStack.IPV6);
    assertThat(bridge.inSubnet(ip("10.88.0.2"))).isFalse();
    assertThat(bridge.snatRewrite(ip("10.88.0.2"), ip("8.8.8.8"), ip("192.0.2.1"))).isEmpty();
  }

  @Test
  void aBridgeNeedsASubnetOfOneFamilyAtLeast() {
    assertThatThrownBy(() -> Bridge.of(NBR0, BRIDGE_MAC, Optional.empty(), Optional.empty(), 1500, new SourceNat.Disabled()))
        .isInstanceOf(ModelException.class)
        .hasMessage("bridge nbr0 has neither an IPv4 nor an IPv6 subnet");
  }

  @Test
  void anIpv6OnlyBridgeHasNoIpv4SourceNatArpProxyOrIpv4Ports() {
    String message = "bridge nbr0 has no IPv4 subnet, so no ARP proxy entries, IPv4 source NAT or IPv4 port mappings";
    assertThatThrownBy(() -> Bridge.of(NBR0, BRIDGE_MAC, Optional.empty(), Optional.of(DualStack.IPV6), 1500, new SourceNat.Masquerade()))
        .hasMessage(message);
    Bridge bridge = Bridge.of(NBR0, BRIDGE_MAC, Optional.empty(), Optional.of(DualStack.IPV6), 1500, new SourceNat.Disabled());
    assertThatThrownBy(() -> bridge.withArpProxy(new ArpProxyEntry(ip("10.88.0.50"), mac("02:42:0a:58:00:32")))).hasMessage(message);
    PortMapping web = new PortMapping(8080, 80, Protocol.TCP, ip("10.88.0.2"), Optional.empty());
    assertThatThrownBy(() -> bridge.withNat(bridge.nat().withMapping(web))).hasMessage(message);
  }
}
