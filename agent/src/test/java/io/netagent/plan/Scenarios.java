package io.netagent.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.config.ConfigLoader;
import io.netagent.model.DesiredState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random but valid configurations for property tests. Each is generated as a list of small
 * index tuples (so jqwik can shrink it), turned into a YAML-shaped document and loaded through
 * the real {@link ConfigLoader}, so every generated state has passed validation. Names come
 * from small pools so that two generated states often share names in different roles.
 */
final class Scenarios {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Scenarios() {}

  /** One network: indexes into the name, bridge and subnet pools, and its settings; {@code family} 0 IPv4, 1 dual-stack, 2 IPv6-only. */
  record NetGen(int name, int bridge, int subnet, int mtu, int nat, int proxies, int family) {}

  /** One container: indexes into the pools, and its settings. */
  record CtrGen(int name, int network, int namespace, int hostIf, int iface, int ip, int mtu, boolean mac, int ports, boolean createNs) {}

  /** A generated configuration, kept with the generators it came from for readable failure reports. */
  record Config(List<NetGen> networks, List<CtrGen> containers) {
    DesiredState state() {
      return load(this);
    }

    /** Namespaces the configuration expects to exist already (containers with createNamespace: false). */
    Set<String> preexistingNamespaces() {
      Set<String> result = new HashSet<>();
      document(this).containers.stream().filter(c -> !(Boolean) c.get("createNamespace")).forEach(c -> result.add((String) c.get("namespace")));
      return result;
    }

    @Override
    public String toString() {
      return json(document(this).asMap());
    }
  }

  static Arbitrary<Config> configs() {
    return configs(0);
  }

  /** Configurations that declare at least one network (the first network generated is always kept). */
  static Arbitrary<Config> configsWithANetwork() {
    return configs(1);
  }

  private static Arbitrary<Config> configs(int minNetworks) {
    Arbitrary<NetGen> net = Combinators.combine(
            Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 2))
        .as(NetGen::new);
    Arbitrary<CtrGen> ctr = Combinators.combine(
            Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 7),
            Arbitraries.integers().between(0, 2), Arbitraries.of(true, false))
        .as((name, network, ns, hostIf, iface, ip, mtu, mac) -> new int[] {name, network, ns, hostIf, iface, ip, mtu, mac ? 1 : 0})
        .flatMap(a -> Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, true, false))
            .as((ports, create) -> new CtrGen(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7] == 1, ports, create)));
    return Combinators.combine(net.list().ofMinSize(minNetworks).ofMaxSize(3), ctr.list().ofMaxSize(6)).as(Config::new);
  }

  /** The document a configuration generates, with everything that would clash dropped. */
  private record Document(List<Map<String, Object>> networks, List<Map<String, Object>> containers) {
    Map<String, Object> asMap() {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("networks", networks);
      root.put("containers", containers);
      return root;
    }
  }

  private static Document document(Config config) {
    List<Map<String, Object>> networks = new ArrayList<>();
    Set<Integer> names = new HashSet<>();
    Set<Integer> bridges = new HashSet<>();
    Set<Integer> subnets = new HashSet<>();
    List<Integer> subnetOf = new ArrayList<>();
    for (NetGen n : config.networks()) {
      if (names.contains(n.name()) || bridges.contains(n.bridge()) || subnets.contains(n.subnet())) {
        continue;
      }
      names.add(n.name());
      bridges.add(n.bridge());
      subnets.add(n.subnet());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", "net" + n.name());
      m.put("bridge", "br" + n.bridge());
      m.put("mtu", List.of(1500, 1400, 9000).get(n.mtu()));
      if (n.family() != 0) {
        m.put("subnet6", "fd00:5" + n.subnet() + "::/64");
      }
      if (n.family() != 2) {
        m.put("subnet", "10.5" + n.subnet() + ".0.0/24");
        m.put("gateway", "10.5" + n.subnet() + ".0.1");
        if (n.nat() == 0) {
          m.put("masquerade", true);
        } else if (n.nat() == 1) {
          m.put("snatTo", "192.0.2." + (10 + n.name()));
        } else {
          m.put("masquerade", false);
        }
        List<Map<String, Object>> proxies = new ArrayList<>();
        for (int p = 0; p < n.proxies(); p++) {
          proxies.add(Map.of("ip", "10.5" + n.subnet() + ".0." + (200 + p), "mac", String.format("02:ee:00:00:%02x:%02x", n.name(), p)));
        }
        m.put("arpProxy", proxies);
      }
      networks.add(m);
      subnetOf.add(n.subnet());
    }
    List<Map<String, Object>> containers = new ArrayList<>();
    Set<Integer> ctrNames = new HashSet<>();
    Set<Integer> namespaces = new HashSet<>();
    Set<String> hostIfs = new HashSet<>();
    Set<String> ips = new HashSet<>();
    for (CtrGen c : config.containers()) {
      if (networks.isEmpty()) {
        break;
      }
      int net = c.network() % networks.size();
      String hostIf = c.hostIf() == 0 ? "veth-c" + c.name() : "vh" + c.hostIf();
      String ip = "10.5" + subnetOf.get(net) + ".0." + (2 + c.ip());
      boolean hasIpv4 = networks.get(net).containsKey("subnet");
      boolean hasIpv6 = networks.get(net).containsKey("subnet6");
      if (ctrNames.contains(c.name()) || namespaces.contains(c.namespace()) || hostIfs.contains(hostIf) || ips.contains(ip)) {
        continue;
      }
      ctrNames.add(c.name());
      namespaces.add(c.namespace());
      hostIfs.add(hostIf);
      ips.add(ip);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", "c" + c.name());
      m.put("network", networks.get(net).get("name"));
      m.put("namespace", "ns" + c.namespace());
      m.put("createNamespace", c.createNs());
      m.put("hostInterface", hostIf);
      m.put("interface", "eth" + c.iface());
      if (hasIpv4) {
        m.put("ip", ip);
      }
      if (hasIpv6) {
        m.put("ip6", "fd00:5" + subnetOf.get(net) + "::" + (2 + c.ip()));
      }
      if (c.mtu() > 0) {
        m.put("mtu", c.mtu() == 1 ? 1400 : 9000);
      }
      if (c.mac()) {
        m.put("mac", String.format("02:aa:00:00:00:%02x", c.name()));
      }
      List<Map<String, Object>> ports = new ArrayList<>();
      for (int p = 0; p < c.ports(); p++) {
        ports.add(Map.of("host", 10000 + 10 * c.name() + p, "container", 80 + p, "protocol", p % 2 == 0 ? "tcp" : "udp"));
      }
      m.put("ports", ports);
      containers.add(m);
    }
    return new Document(networks, containers);
  }

  private static DesiredState load(Config config) {
    return ConfigLoader.parse("generated.json", json(document(config).asMap()), true).state();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
