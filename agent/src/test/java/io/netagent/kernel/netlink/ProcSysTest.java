package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.model.InterfaceName;
import io.netagent.observed.Sysctls;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Sysctl keys to /proc/sys files: a link's name may hold dots, which are no separators there. */
class ProcSysTest {
  @Test
  void aPerLinkKeyKeepsTheDotsOfTheLinksName() {
    InterfaceName vlan = InterfaceName.of("eth0.100");
    assertThat(ProcSys.path(Sysctls.acceptRa(vlan))).isEqualTo(Path.of("/proc/sys/net/ipv6/conf/eth0.100/accept_ra"));
    assertThat(ProcSys.path(Sysctls.proxyDelay(vlan))).isEqualTo(Path.of("/proc/sys/net/ipv6/neigh/eth0.100/proxy_delay"));
    assertThat(ProcSys.path(Sysctls.routeLocalnet(vlan))).isEqualTo(Path.of("/proc/sys/net/ipv4/conf/eth0.100/route_localnet"));
  }

  @Test
  void otherKeysAreDottedPaths() {
    assertThat(ProcSys.path(Sysctls.IP_FORWARD)).isEqualTo(Path.of("/proc/sys/net/ipv4/ip_forward"));
    assertThat(ProcSys.path(Sysctls.IPV6_FORWARDING)).isEqualTo(Path.of("/proc/sys/net/ipv6/conf/all/forwarding"));
    assertThat(ProcSys.path(Sysctls.proxyNdp(InterfaceName.of("br0")))).isEqualTo(Path.of("/proc/sys/net/ipv6/conf/br0/proxy_ndp"));
  }

  /** A sysctl read past offset 0 is empty: read byte by byte, "80" would come back as "8". */
  @Test
  void aValueOfSeveralDigitsIsReadWhole() {
    // pid_max is never below 301 (RESERVED_PIDS + 1): three digits or more on every kernel.
    assertThat(ProcSys.read("kernel.pid_max")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(301));
  }
}
