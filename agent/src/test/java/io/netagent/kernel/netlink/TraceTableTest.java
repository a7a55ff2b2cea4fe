package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.Probe;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Protocol;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trace table's nft commands, exactly, and which tables are trace tables of which process. */
class TraceTableTest {
  @Test
  void marksTheProbeFirstAndDropsItLastByItsTuple() {
    Probe probe = new Probe(IpFamily.IPV6, Protocol.UDP, new Probe.Host(), Optional.empty(), IpAddress.parse("fd00:88::2"), 53);
    String table = "ip6 " + TraceTable.name();

    assertThat(TraceTable.create(probe, 40000)).isEqualTo("add table " + table + "\n"
        + "add chain " + table + " prerouting { type filter hook prerouting priority -350; policy accept; }\n"
        + "add rule " + table + " prerouting meta l4proto udp th sport 40000 th dport 53 ip6 daddr fd00:88::2 meta nftrace set 1\n"
        + "add chain " + table + " output { type filter hook output priority -350; policy accept; }\n"
        + "add rule " + table + " output meta l4proto udp th sport 40000 th dport 53 ip6 daddr fd00:88::2 meta nftrace set 1\n"
        + "add chain " + table + " postrouting { type filter hook postrouting priority 300; policy accept; }\n"
        + "add rule " + table + " postrouting meta l4proto udp ct original proto-src 40000 ct original proto-dst 53 ct original ip6 daddr "
        + "fd00:88::2 drop\n"
        + "add chain " + table + " input { type filter hook input priority 300; policy accept; }\n"
        + "add rule " + table + " input meta l4proto udp ct original proto-src 40000 ct original proto-dst 53 ct original ip6 daddr "
        + "fd00:88::2 drop\n");
    assertThat(TraceTable.delete(IpFamily.IPV6)).isEqualTo("delete table " + table + "\n");
  }

  @Test
  void aTraceTableNamesItsProcess() {
    assertThat(TraceTable.pidOf(TraceTable.name())).contains(ProcessHandle.current().pid());
    assertThat(TraceTable.pidOf("netagent-trace-12")).contains(12L);
    assertThat(TraceTable.pidOf("netagent")).isEmpty();
    assertThat(TraceTable.pidOf("netagent-trace-x")).isEmpty();
  }
}
