package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.KernelEvent.Kind;
import io.netagent.kernel.KernelEvent;
import io.netagent.linux.netlink.IfAddrMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.NdMsg;
import io.netagent.linux.netlink.RtMsg;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.Ipv6Address;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Ownership;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IPv6 notifications name the link they are about, as IPv4 ones do, so that the daemon repairs IPv6 drift. */
class EventsTest {
  private static final int INDEX = 9;
  private static final Ipv6Address ADDRESS = Ipv6Address.parse("fd00:77::11");

  private static Message parse(MessageBuilder m) {
    byte[] bytes = m.build(0, 0, 0);
    return Message.parseAll(ByteBuffer.wrap(bytes), bytes.length).get(0);
  }

  @Test
  void aDeletedIpv6AddressIsAnAddressEventOnItsLink() {
    Message m = parse(new IfAddrMsg(Rtnetlink.AF_INET6, 64, 0, Rtnetlink.RT_SCOPE_UNIVERSE, INDEX)
        .write(new MessageBuilder(Rtnetlink.RTM_DELADDR, 0)).attr(Rtnetlink.IFA_ADDRESS, ADDRESS.toBytes()));
    assertThat(Events.decode(NamespaceRef.HOST, m)).contains(new KernelEvent(NamespaceRef.HOST, Kind.ADDRESS, INDEX, Optional.empty(), false, 0));
  }

  @Test
  void aDeletedIpv6RouteNamesItsOutputLinkAndProtocol() {
    Message m = parse(new RtMsg(Rtnetlink.AF_INET6, 0, 0, 0, Rtnetlink.RT_TABLE_MAIN, Ownership.ROUTE_PROTOCOL, 0, Rtnetlink.RTN_UNICAST, 0)
        .write(new MessageBuilder(Rtnetlink.RTM_DELROUTE, 0)).attr(Rtnetlink.RTA_GATEWAY, ADDRESS.toBytes()).attrU32(Rtnetlink.RTA_OIF, INDEX));
    assertThat(Events.decode(NamespaceRef.HOST, m))
        .contains(new KernelEvent(NamespaceRef.HOST, Kind.ROUTE, INDEX, Optional.empty(), false, Ownership.ROUTE_PROTOCOL));
  }

  @Test
  void aDeletedIpv6NeighbourEntryMayHaveBeenPermanent() {
    int nudFailed = 0x20;
    Message m = parse(new NdMsg(Rtnetlink.AF_INET6, INDEX, nudFailed, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_DELNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, ADDRESS.toBytes()));
    KernelEvent e = Events.decode(NamespaceRef.HOST, m).orElseThrow();
    assertThat(e.kind()).isEqualTo(Kind.NEIGHBOUR);
    assertThat(e.index()).isEqualTo(INDEX);
    assertThat(e.isDynamicEntry()).isFalse();
  }

  @Test
  void theKernelsOwnLinkLocalAddressesAreNoEvent() {
    Message m = parse(new IfAddrMsg(Rtnetlink.AF_INET6, 64, 0, 253, INDEX)
        .write(new MessageBuilder(Rtnetlink.RTM_NEWADDR, 0)).attr(Rtnetlink.IFA_ADDRESS, Ipv6Address.parse("fe80::1").toBytes()));
    assertThat(Events.decode(NamespaceRef.HOST, m)).isEmpty();
  }

  @Test
  void aNewMulticastNeighbourEntryIsDynamicButANewPermanentOneIsNot() {
    Message multicast = parse(new NdMsg(Rtnetlink.AF_INET6, INDEX, Rtnetlink.NUD_NOARP, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, Ipv6Address.parse("ff02::1").toBytes()));
    assertThat(Events.decode(NamespaceRef.HOST, multicast).orElseThrow().isDynamicEntry()).isTrue();
    Message permanent = parse(new NdMsg(Rtnetlink.AF_INET6, INDEX, Rtnetlink.NUD_PERMANENT, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, 0))
        .attr(Rtnetlink.NDA_DST, ADDRESS.toBytes()));
    assertThat(Events.decode(NamespaceRef.HOST, permanent).orElseThrow().isDynamicEntry()).isFalse();
  }

  @Test
  void aStaticFdbEntryIsNotDynamic() {
    Message m = parse(new NdMsg(Rtnetlink.AF_BRIDGE, INDEX, Rtnetlink.NUD_NOARP, 0, 0).write(new MessageBuilder(Rtnetlink.RTM_NEWNEIGH, 0)));
    assertThat(Events.decode(NamespaceRef.HOST, m).orElseThrow().isDynamicEntry()).isFalse();
  }
}
