package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.netlink.Dumps.RawAddress;
import io.netagent.kernel.netlink.Dumps.RawNeighbour;
import io.netagent.kernel.netlink.Dumps.RawProxy;
import io.netagent.kernel.netlink.Dumps.RawRoute;
import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.NdMsg;
import io.netagent.linux.netlink.RtMsg;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.IpAddress;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Cidr;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.MacAddress;
import io.netagent.observed.AddressFlag;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Decoding IPv6 dump and notification messages as the kernel sends them (docs/kernel-facts.md
 * §11A–§11C), and what observation leaves out: the kernel's link-local and loopback addresses
 * and routes, other tables and types, and proxy entries among permanent ones.
 */
class DumpsIpv6Test {
  private static final int INDEX = 7;
  private static final Ipv6Address ADDRESS = Ipv6Address.parse("fd00:77::11");
  private static final Ipv6Address GATEWAY = Ipv6Address.parse("fd00:77::1");
  private static final int LOCAL_TABLE = 255;
  private static final int RTN_LOCAL = 2;
  private static final int RTNL_FAMILY_IPMR = 128;
  private static final int NUD_REACHABLE = 0x02;
  private static final int IFA_F_PERMANENT = 0x80;

  private static Message parse(MessageBuilder m) {
    byte[] bytes = m.build(0, 0, 0);
    return Message.parseAll(ByteBuffer.wrap(bytes), bytes.length).get(0);
  }

  /** An AF_INET6 RTM_NEWADDR as dumped: IFA_ADDRESS only, and IFA_FLAGS. */
  private static Message address(Ipv6Address ip, int prefixLength, int scope) {
    return address(ip, prefixLength, scope, IFA_F_PERMANENT | Rtnetlink.IFA_F_NODAD);
  }

  private static Message address(Ipv6Address ip, int prefixLength, int scope, int flags) {
    return parse(new IfAddrMsg(Rtnetlink.AF_INET6, prefixLength, flags & 0xff, scope, INDEX)
        .write(new MessageBuilder(Rtnetlink.RTM_NEWADDR, 0))
        .attr(Rtnetlink.IFA_ADDRESS, ip.toBytes())
        .attrU32(Rtnetlink.IFA_FLAGS, flags));
  }

  private static Message route(int family, int table, int type, int protocol, Optional<IpAddress> dst, int dstLength, Optional<IpAddress> gateway) {
    MessageBuilder m = new RtMsg(family, dstLength, 0, 0, table, protocol, Rtnetlink.RT_SCOPE_UNIVERSE, type, 0)
        .write(new MessageBuilder(Rtnetlink.RTM_NEWROUTE, 0))
        .attrU32(Rtnetlink.RTA_TABLE, table);
    dst.ifPresent(d -> m.attr(Rtnetlink.RTA_DST, d.toBytes()));
    gateway.ifPresent(g -> m.attr(Rtnetlink.RTA_GATEWAY, g.toBytes()));
    return parse(m.attrU32(Rtnetlink.RTA_OIF, INDEX));
  }

  private static Message mainRoute(String dst, int dstLength, int protocol) {
    return route(Rtnetlink.AF_INET6, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTN_UNICAST, protocol, Optional.of(Ipv6Address.parse(dst)), dstLength,
        Optional.empty());
  }

  private static Message neighbour(int family, IpAddress ip, int state, int flags) {
    return parse(new NdMsg(family, INDEX, state, flags, 0).write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, ip.toBytes())
        .attr(Rtnetlink.NDA_LLADDR, MacAddress.parse("02:42:0a:00:00:0b").toBytes()));
  }

  @Test
  void anIpv6AddressOfScopeUniverseIsReadFromIfaAddress() {
    assertThat(Dumps.address(address(ADDRESS, 64, Rtnetlink.RT_SCOPE_UNIVERSE)))
        .contains(new RawAddress(INDEX, new Ipv6Cidr(ADDRESS, 64), Set.of(AddressFlag.NODAD)));
  }

  /** The flags as the kernel reports them during DAD (0xc0), after it (0x80) and after a failed one (0x88): docs/kernel-facts.md §11A. */
  @Test
  void anIpv6AddressIsObservedWithItsDadFlags() {
    assertThat(Dumps.address(address(ADDRESS, 64, Rtnetlink.RT_SCOPE_UNIVERSE, 0xc0)).orElseThrow().flags()).containsExactly(AddressFlag.TENTATIVE);
    assertThat(Dumps.address(address(ADDRESS, 64, Rtnetlink.RT_SCOPE_UNIVERSE, 0x80)).orElseThrow().flags()).isEmpty();
    assertThat(Dumps.address(address(ADDRESS, 64, Rtnetlink.RT_SCOPE_UNIVERSE, 0x88)).orElseThrow().flags()).containsExactly(AddressFlag.DADFAILED);
  }

  @Test
  void theKernelsLinkLocalAndLoopbackAddressesAreNotObserved() {
    assertThat(Dumps.address(address(Ipv6Address.parse("fe80::42:aff:fe00:b"), 64, Rtnetlink.RT_SCOPE_LINK))).isEmpty();
    assertThat(Dumps.address(address(Ipv6Address.parse("::1"), 128, 254))).isEmpty();
  }

  @Test
  void anIpv6AddressWithAnImpossiblePrefixLengthIsNotOneOfTheKernels() {
    assertThat(Dumps.address(address(ADDRESS, 129, Rtnetlink.RT_SCOPE_UNIVERSE))).isEmpty();
  }

  @Test
  void anIpv6DefaultRouteHasNoDestinationAttributeAndA16ByteGateway() {
    Message m = route(Rtnetlink.AF_INET6, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTN_UNICAST, 78, Optional.empty(), 0, Optional.of(GATEWAY));
    assertThat(Dumps.route(m)).contains(new RawRoute(Ipv6Subnet.ANY, Optional.of(GATEWAY), INDEX, 78));
  }

  @Test
  void theKernelsPrefixRouteOfAnAddressIsObservedAsIpv4sAre() {
    assertThat(Dumps.route(mainRoute("fd00:77::", 64, 2)))
        .contains(new RawRoute(Ipv6Subnet.parse("fd00:77::/64"), Optional.empty(), INDEX, 2));
  }

  @Test
  void linkLocalAndLoopbackDestinationsAreTheKernelsAndLeftOut() {
    assertThat(Dumps.route(mainRoute("fe80::", 64, 2))).isEmpty();
    assertThat(Dumps.route(mainRoute("fe80::", 10, 4))).isEmpty();
    assertThat(Dumps.route(mainRoute("fe80::1", 128, 4))).isEmpty();
    assertThat(Dumps.route(mainRoute("::1", 128, 2))).isEmpty();
    assertThat(Dumps.route(mainRoute("fe00::", 8, 4))).as("fe00::/8 is wider than fe80::/10").isPresent();
    assertThat(Dumps.route(mainRoute("::", 1, 4))).isPresent();
  }

  @Test
  void otherTablesTypesAndFamiliesAreLeftOut() {
    Optional<IpAddress> dst = Optional.of(ADDRESS);
    assertThat(Dumps.route(route(Rtnetlink.AF_INET6, LOCAL_TABLE, RTN_LOCAL, 2, dst, 128, Optional.empty()))).isEmpty();
    assertThat(Dumps.route(route(Rtnetlink.AF_INET6, Rtnetlink.RT_TABLE_MAIN, RTN_LOCAL, 2, dst, 128, Optional.empty()))).isEmpty();
    assertThat(Dumps.route(route(RTNL_FAMILY_IPMR, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTN_UNICAST, 2, Optional.empty(), 0, Optional.empty())))
        .isEmpty();
  }

  @Test
  void aDestinationOfTheWrongLengthOrWithHostBitsIsNoRoute() {
    Optional<IpAddress> v4 = Optional.of(Ipv4Address.parse("10.0.0.0"));
    assertThat(Dumps.route(route(Rtnetlink.AF_INET6, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTN_UNICAST, 2, v4, 8, Optional.empty()))).isEmpty();
    assertThat(Dumps.route(mainRoute("fd00:77::1", 64, 2))).isEmpty();
  }

  @Test
  void ipv4RoutesAreReadAsBefore() {
    Message m = route(Rtnetlink.AF_INET, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTN_UNICAST, 78, Optional.of(Ipv4Address.parse("10.210.0.0")), 16,
        Optional.of(Ipv4Address.parse("10.209.0.12")));
    assertThat(Dumps.route(m)).contains(new RawRoute(Ipv4Subnet.parse("10.210.0.0/16"), Optional.of(Ipv4Address.parse("10.209.0.12")), INDEX, 78));
  }

  @Test
  void permanentNeighbourEntriesOfBothFamiliesAreRead() {
    MacAddress mac = MacAddress.parse("02:42:0a:00:00:0b");
    assertThat(Dumps.neighbour(neighbour(Rtnetlink.AF_INET6, ADDRESS, Rtnetlink.NUD_PERMANENT, 0))).contains(new RawNeighbour(INDEX, ADDRESS, mac));
    assertThat(Dumps.neighbour(neighbour(Rtnetlink.AF_INET, Ipv4Address.parse("10.0.0.11"), Rtnetlink.NUD_PERMANENT, 0)))
        .contains(new RawNeighbour(INDEX, Ipv4Address.parse("10.0.0.11"), mac));
    assertThat(Dumps.neighbour(neighbour(Rtnetlink.AF_INET6, ADDRESS, NUD_REACHABLE, 0))).isEmpty();
    assertThat(Dumps.neighbour(neighbour(Rtnetlink.AF_INET6, Ipv4Address.parse("10.0.0.11"), Rtnetlink.NUD_PERMANENT, 0))).isEmpty();
  }

  @Test
  void aProxyEntryIsAnNtfProxyMessageWithItsDestinationOnly() {
    Message proxy = parse(new NdMsg(Rtnetlink.AF_INET6, INDEX, 0, Rtnetlink.NTF_PROXY, 0).write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, ADDRESS.toBytes()));
    assertThat(Dumps.proxy(proxy)).contains(new RawProxy(INDEX, ADDRESS));
    assertThat(Dumps.neighbour(proxy)).isEmpty();
    assertThat(Dumps.proxy(neighbour(Rtnetlink.AF_INET6, ADDRESS, Rtnetlink.NUD_PERMANENT, 0))).isEmpty();
  }

  @Test
  void aProxyEntryOnNoDeviceIsNotOnALink() {
    Message proxy = parse(new NdMsg(Rtnetlink.AF_INET6, 0, 0, Rtnetlink.NTF_PROXY, 0).write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, ADDRESS.toBytes()));
    assertThat(Dumps.proxy(proxy)).isEmpty();
  }
}
