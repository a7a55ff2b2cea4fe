package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import io.netagent.model.Ipv4Cidr;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.observed.Ownership;
import io.netagent.observed.Route;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 requests byte for byte, as docs/kernel-facts.md §11A–§11C give them (checked there
 * with {@code ip} on a real kernel); the IPv4 address request stays as it was. Golden bytes
 * assume a little-endian host (native-bindings' MessageBuilderTest checks that).
 */
class RequestsTest {
  private static final int INDEX = 5;
  private static final String FD00_77_1 = "fd000077 00000000 00000000 00000001";
  private static final int REQUEST_ACK = Netlink.F_REQUEST | Netlink.F_ACK;

  private static String bytes(byte[] message) {
    return HexFormat.of().formatHex(message);
  }

  private static String hex(String grouped) {
    return grouped.replaceAll("\\s", "");
  }

  @Test
  void anIpv6AddressIsAddedWithNodadInIfaFlags() {
    byte[] m = Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, INDEX, new Ipv6Cidr(Ipv6Address.parse("fd00:77::1"), 64))
        .build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("48000000 1400 0506 01000000 00000000"
        + "0a 40 00 00 05000000"
        + "1400 0200" + FD00_77_1
        + "1400 0100" + FD00_77_1
        + "0800 0800 02000000"));
  }

  @Test
  void anIpv6AddressIsDeletedByTheSameBody() {
    byte[] m = Requests.address(Rtnetlink.RTM_DELADDR, 0, INDEX, new Ipv6Cidr(Ipv6Address.parse("fd00:77::1"), 64)).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("48000000 1500 0500 01000000 00000000"
        + "0a 40 00 00 05000000"
        + "1400 0200" + FD00_77_1
        + "1400 0100" + FD00_77_1
        + "0800 0800 02000000"));
  }

  @Test
  void anIpv4AddressRequestHasNoAddressFlags() {
    byte[] m = Requests.address(Rtnetlink.RTM_NEWADDR, Netlink.F_CREATE | Netlink.F_EXCL, INDEX, Ipv4Cidr.parse("10.0.0.1/24"))
        .build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("28000000 1400 0506 01000000 00000000"
        + "02 18 00 00 05000000"
        + "0800 0200 0a000001"
        + "0800 0100 0a000001"));
  }

  @Test
  void anIpv6DefaultRouteHasA16ByteGatewayScopeUniverseAndNoPriority() {
    Route route = Route.via(Ipv6Subnet.ANY, Ipv6Address.parse("fd00:77::1"), InterfaceName.of("eth0"), Ownership.ROUTE_PROTOCOL);
    byte[] m = Requests.route(Rtnetlink.RTM_NEWROUTE, Netlink.F_CREATE | Netlink.F_EXCL, INDEX, route).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("38000000 1800 0506 01000000 00000000"
        + "0a 00 00 00 fe 4e 00 01 00000000"
        + "1400 0500" + FD00_77_1
        + "0800 0400 05000000"));
  }

  @Test
  void anIpv6RouteWithoutGatewayKeepsScopeUniverseAndCarriesItsDestination() {
    Route route = new Route(Ipv6Subnet.parse("fd00:88::/64"), java.util.Optional.empty(), InterfaceName.of("eth0"), Ownership.ROUTE_PROTOCOL);
    byte[] m = Requests.route(Rtnetlink.RTM_DELROUTE, 0, INDEX, route).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("38000000 1900 0500 01000000 00000000"
        + "0a 40 00 00 fe 4e 00 01 00000000"
        + "1400 0100 fd000088 00000000 00000000 00000000"
        + "0800 0400 05000000"));
  }

  @Test
  void aPermanentIpv6NeighbourEntryIsAnAfInet6NdmsgWithA16ByteDestination() {
    byte[] m = Requests.setNeighbour(INDEX, Ipv6Address.parse("fd00:77::1"), MacAddress.parse("02:42:0a:00:00:06")).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("3c000000 1c00 0505 01000000 00000000"
        + "0a 00 0000 05000000 8000 00 00"
        + "1400 0100" + FD00_77_1
        + "0a00 0200 02420a000006 0000"));
  }

  @Test
  void anIpv6NeighbourEntryIsDeletedByItsDestination() {
    byte[] m = Requests.deleteNeighbour(INDEX, Ipv6Address.parse("fd00:77::1")).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(m)).isEqualTo(hex("30000000 1d00 0500 01000000 00000000"
        + "0a 00 0000 05000000 0000 00 00"
        + "1400 0100" + FD00_77_1));
  }

  @Test
  void aProxyEntryIsAddedPermanentWithNtfProxyAndADestinationOnly() {
    byte[] add = Requests.proxy(false, INDEX, Ipv6Address.parse("fd00:77::1")).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(add)).isEqualTo(hex("30000000 1c00 0506 01000000 00000000"
        + "0a 00 0000 05000000 8000 08 00"
        + "1400 0100" + FD00_77_1));
    byte[] delete = Requests.proxy(true, INDEX, Ipv6Address.parse("fd00:77::1")).build(REQUEST_ACK, 1, 0);
    assertThat(bytes(delete)).isEqualTo(hex("30000000 1d00 0500 01000000 00000000"
        + "0a 00 0000 05000000 0000 08 00"
        + "1400 0100" + FD00_77_1));
  }
}
