package io.netagent.testing;

import io.netagent.config.ConfigLoader;
import io.netagent.model.DesiredState;

/**
 * The configuration the trace tests trace packets through: network "a" (nbra) isolated and
 * dual-stack with masquerade, "b" (nbrb) not isolated, IPv4-only, without source NAT; a1
 * publishes tcp 8061 and udp 127.0.0.1:5353, b1 tcp 8062.
 */
public final class TraceConfig {
  public static final String YAML = """
      networks:
        - { name: a, bridge: nbra, subnet: 10.61.0.0/24, gateway: 10.61.0.1, subnet6: "fd00:61::/64" }
        - { name: b, bridge: nbrb, subnet: 10.62.0.0/24, gateway: 10.62.0.1, isolate: false, masquerade: false }
      containers:
        - { name: a1, network: a, ip: 10.61.0.11, ports: [ { host: 8061, container: 80 }, { host: 5353, container: 53, protocol: udp, hostIp: 127.0.0.1 } ] }
        - { name: a2, network: a, ip: 10.61.0.12 }
        - { name: b1, network: b, ip: 10.62.0.11, ports: [ { host: 8062, container: 80 } ] }
      """;
  public static final DesiredState STATE = ConfigLoader.parse("trace.yaml", YAML, false).state();

  private TraceConfig() {}
}
