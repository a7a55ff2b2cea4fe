package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.concat;
import static io.netagent.linux.netlink.Hex.dump;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ip route get} as RTM_GETROUTE on golden bytes: the request for a forwarded packet, and an answer. */
class RouteLookupTest {
  @Test
  void aForwardedPacketsLookupNamesDestinationSourceAndIncomingInterface() {
    byte[] request = RouteLookup.request(Rtnetlink.AF_INET, hex("0a3d000b"), Optional.of(hex("cb00710a")), Optional.of(5))
        .build(Netlink.F_REQUEST, 7, 0);

    assertThat(dump(request)).isEqualTo(dump(concat(
        hex("34000000 1a00 0100 07000000 00000000"),
        hex("02 20 20 00 00 00 00 00 00000000"),
        hex("0800 0100 0a3d000b"),
        hex("0800 0200 cb00710a"),
        hex("0800 0300 05000000"))));
  }

  @Test
  void theHostsOwnPacketNamesOnlyItsDestination() {
    byte[] request = RouteLookup.request(Rtnetlink.AF_INET6, hex("fd000061 00000000 00000000 00000002"), Optional.empty(), Optional.empty())
        .build(Netlink.F_REQUEST, 1, 0);

    assertThat(dump(request)).isEqualTo(dump(concat(
        hex("30000000 1a00 0100 01000000 00000000"),
        hex("0a 80 00 00 00 00 00 00 00000000"),
        hex("1400 0100 fd000061 00000000 00000000 00000002"))));
  }

  @Test
  void theAnswerGivesTypeInterfaceAndPreferredSource() {
    Message answer = new Message(Rtnetlink.RTM_NEWROUTE, 0, 1, 0, concat(
        hex("02 20 00 00 fe 00 00 01 00020000"),
        hex("0800 0100 0a3d000b"),
        hex("0800 0400 07000000"),
        hex("0800 0700 0a3d0001")));

    RouteLookup route = RouteLookup.read(answer);

    assertThat(route.type()).isEqualTo(RouteLookup.RTN_UNICAST);
    assertThat(route.oif()).contains(7);
    assertThat(route.gateway()).isEmpty();
    assertThat(route.preferredSource()).hasValueSatisfying(s -> assertThat(dump(s)).isEqualTo("0a3d0001"));
  }
}
