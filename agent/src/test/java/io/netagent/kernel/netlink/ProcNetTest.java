package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.Ipv4Address;
import io.netagent.model.Protocol;
import io.netagent.observed.Listener;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcNetTest {
  private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

  private static Set<Listener> parse(Protocol protocol, String state, String... lines) {
    Set<Listener> out = new HashSet<>();
    List<String> all = new java.util.ArrayList<>(List.of(HEADER));
    all.addAll(List.of(lines));
    ProcNet.parse(all, protocol, state, out);
    return out;
  }

  @Test
  void listeningTcpSocketsAreReadWithTheirAddressInHostByteOrder() {
    Set<Listener> l = parse(Protocol.TCP, ProcNet.TCP_LISTEN,
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0",
        "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0",
        "   2: 0100007F:1F91 0200007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0");

    assertThat(l).containsExactlyInAnyOrder(new Listener(Protocol.TCP, Ipv4Address.parse("127.0.0.1"), 8080),
        new Listener(Protocol.TCP, new Ipv4Address(0), 80));
  }

  @Test
  void ipv6WildcardAndMappedAddressesCountForIpv4AndOthersDoNot() {
    Set<Listener> l = parse(Protocol.UDP, ProcNet.UDP_BOUND,
        "  10: 00000000000000000000000000000000:14E9 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0",
        "  11: 0000000000000000FFFF00000100007F:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0",
        "  12: 000080FE00000000FF00000001000000:0036 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0");

    assertThat(l).containsExactlyInAnyOrder(new Listener(Protocol.UDP, new Ipv4Address(0), 5353),
        new Listener(Protocol.UDP, Ipv4Address.parse("127.0.0.1"), 53));
  }
}
