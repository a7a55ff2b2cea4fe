package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ARP answers a container really gets: a real {@code arping} from a container namespace,
 * for a declared ARP proxy entry and for another container's address.
 */
@ExtendWith(LabExtension.class)
class ArpProxyIT {
  private static final String PROXY_IP = "10.212.0.50";
  private static final String PROXY_MAC = "02:42:0a:d4:00:32";
  private static final Pattern REPLY = Pattern.compile("Unicast reply from (\\S+) \\[([0-9A-Fa-f:]{17})\\]");

  private Lab lab;
  private Agent agent;
  private Path config;

  @BeforeEach
  void setUp() {
    lab.addNs("c2");
    config = lab.config("""
        networks:
          - name: lab
            bridge: b%1$s
            subnet: 10.212.0.0/24
            gateway: 10.212.0.1
            arpProxy:
              - { ip: %4$s, mac: "%5$s" }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: v%1$s1, ip: 10.212.0.11 }
          - { name: c2, network: lab, namespace: %3$s, hostInterface: v%1$s2, ip: 10.212.0.12 }
        """.formatted(lab.id, lab.ns("c1"), lab.ns("c2"), PROXY_IP, PROXY_MAC));
    assertThat(agent.ok("apply", "-c", config.toString())).contains("the kernel matches the configuration");
    assertThat(agent.plan(config).path("operations")).isEmpty();
  }

  /** A real ARP request from {@code ns}'s eth0; returns the MACs of the replies, lower case. */
  private List<String> arping(String ns, String ip) {
    Processes.Result r = lab.in(ns, "arping", "-c", "1", "-w", "3", "-I", "eth0", ip);
    List<String> macs = new ArrayList<>();
    Matcher m = REPLY.matcher(r.out());
    while (m.find()) {
      assertThat(m.group(1)).as("replying address in\n%s", r.out()).isEqualTo(ip);
      macs.add(m.group(2).toLowerCase(Locale.ROOT));
    }
    assertThat(r.code()).as("arping %s from %s exited %d\nstdout: %s\nstderr: %s", ip, ns, r.code(), r.out(), r.err()).isZero();
    assertThat(macs).as("replies to arping %s from %s:\n%s", ip, ns, r.out()).isNotEmpty();
    return macs;
  }

  @Test
  void theProxyIpIsAnsweredWithTheConfiguredMac() {
    assertThat(arping(lab.ns("c1"), PROXY_IP)).containsOnly(PROXY_MAC);
    assertThat(arping(lab.ns("c2"), PROXY_IP)).containsOnly(PROXY_MAC);
  }

  @Test
  void anotherContainersIpIsAnsweredWithThatContainersMac() {
    String c2Mac = lab.ip(lab.ns("c2"), "link", "show", "dev", "eth0").get(0).path("address").asText();
    String c1Mac = lab.ip(lab.ns("c1"), "link", "show", "dev", "eth0").get(0).path("address").asText();
    assertThat(c2Mac).isNotEqualTo(c1Mac).isNotEqualTo(PROXY_MAC);

    assertThat(arping(lab.ns("c1"), "10.212.0.12")).containsOnly(c2Mac);
    assertThat(arping(lab.ns("c2"), "10.212.0.11")).containsOnly(c1Mac);
  }

  @Test
  void anUndeclaredAddressGetsNoProxyAnswer() {
    Processes.Result r = lab.in(lab.ns("c1"), "arping", "-c", "1", "-w", "3", "-I", "eth0", "10.212.0.99");
    assertThat(REPLY.matcher(r.out()).find()).as("arping 10.212.0.99:\n%s", r.out()).isFalse();
    assertThat(r.code()).as("arping without a reply exits 1\n%s%s", r.out(), r.err()).isEqualTo(1);
  }
}
