package io.netagent.testing;

import io.netagent.config.ConfigLoader;
import io.netagent.model.DesiredState;
import io.netagent.model.NamespaceRef;
import java.util.Set;

/** The configurations with IPv6 that the planner and reconcile tests share: one container on a network of each kind. */
public final class DualStackConfigs {
  /** Network "default" on bridge nbr0, IPv4 only; container web (namespace web, eth0) at 10.88.0.2 publishing 8080. */
  public static final String IPV4 = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
      containers:
        - name: web
          network: default
          namespace: web
          createNamespace: true
          ip: 10.88.0.2
          ports:
            - { host: 8080, container: 80 }
      """;
  /** {@link #IPV4} with subnet6 fd00:88::/64 (gateway6 fd00:88::1) and the container at fd00:88::2. */
  public static final String DUAL = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
          subnet6: "fd00:88::/64"
      containers:
        - name: web
          network: default
          namespace: web
          createNamespace: true
          ip: 10.88.0.2
          ip6: "fd00:88::2"
          ports:
            - { host: 8080, container: 80 }
      """;
  /** Network "six" on bridge nbr6, IPv6 only (fd00:6::/64, gateway6 fd00:6::1); container web at fd00:6::2. */
  public static final String SIX = """
      networks:
        - name: six
          bridge: nbr6
          subnet6: "fd00:6::/64"
      containers:
        - name: web
          network: six
          namespace: web
          createNamespace: true
          ip6: "fd00:6::2"
          ports:
            - { host: 8080, container: 80 }
      """;
  /** The namespace of the container of each configuration. */
  public static final NamespaceRef.Named WEB = new NamespaceRef.Named("web");
  public static final Set<NamespaceRef> NAMESPACES = Set.of(WEB);

  private DualStackConfigs() {}

  public static DesiredState load(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml, false).state();
  }
}
