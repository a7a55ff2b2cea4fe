package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plan warns before it switches IPv6 forwarding on while a host interface takes router
 * advertisements with {@code accept_ra=1} (docs/kernel-facts.md §11D: its learnt default route
 * would go at once), naming the interface, and not otherwise: not with {@code accept_ra=2} or 0,
 * not when forwarding is on already, not for an IPv4-only configuration, and never for
 * netagent's own links or loopback. A new namespace's links start with {@code accept_ra=1}, as a
 * host's do.
 */
@ExtendWith(LabExtension.class)
class SlaacWarningIT {
  private Lab lab;
  private Agent agent;
  private String uplink;

  @BeforeEach
  void setUp() {
    uplink = "d" + lab.id;
    // A veth pair plays the host's uplink (CI's kernel may have no dummy module); both ends take RAs.
    Sh.ok("ip", "-n", lab.host, "link", "add", uplink, "type", "veth", "peer", "name", "e" + lab.id);
    Sh.ok("ip", "-n", lab.host, "link", "set", uplink, "up");
    // netagent's own bridge exists already (accept_ra 1 until netagent sets it): never named.
    agent.ok("apply", "-c", config(false).toString());
  }

  private Path config(boolean ipv6) {
    return lab.config("""
        networks:
          - { name: lab, bridge: b%s, subnet: 10.216.0.0/24, gateway: 10.216.0.1%s }
        containers: []
        """.formatted(lab.id, ipv6 ? ", subnet6: \"fd00:216::/64\"" : ""));
  }

  private String warnings(boolean ipv6) {
    return agent.plan(config(ipv6)).path("warnings").toString();
  }

  private void sysctl(String key, String value) {
    lab.ok(lab.host, "sysctl", "-q", "-w", key + "=" + value);
  }

  /** accept_ra of both ends of the uplink. */
  private void acceptRa(String value) {
    sysctl("net.ipv6.conf." + uplink + ".accept_ra", value);
    sysctl("net.ipv6.conf.e" + lab.id + ".accept_ra", value);
  }

  @Test
  void warnsNamingTheInterfaceWhenForwardingIsOffAndAcceptRaIsOne() {
    assertThat(lab.ok(lab.host, "sysctl", "-n", "net.ipv6.conf." + uplink + ".accept_ra").strip()).isEqualTo("1");
    String warnings = warnings(true);
    assertThat(warnings).contains("switching IPv6 forwarding on", uplink, "e" + lab.id, "accept_ra=2");
    assertThat(warnings).doesNotContain("b" + lab.id).doesNotContain("lo,").doesNotContain(" lo ");
  }

  @Test
  void noWarningWithAcceptRaTwoOrZero() {
    acceptRa("2");
    assertThat(warnings(true)).doesNotContain("switching IPv6 forwarding on");
    acceptRa("0");
    assertThat(warnings(true)).doesNotContain("switching IPv6 forwarding on");
  }

  @Test
  void noWarningWhenForwardingIsOnAlreadyOrTheConfigurationHasNoIpv6() {
    assertThat(warnings(false)).as("IPv4 only").doesNotContain("switching IPv6 forwarding on");
    sysctl("net.ipv6.conf.all.forwarding", "1");
    acceptRa("1");
    assertThat(warnings(true)).as("forwarding on already").doesNotContain("switching IPv6 forwarding on");
  }
}
