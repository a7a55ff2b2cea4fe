package io.netagent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.config.ConfigLoader;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpFamily;
import io.netagent.model.Network;
import io.netagent.model.Protocol;
import io.netagent.model.PublishedPort;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The model's trace over generated configurations (one to three networks, each isolated or not,
 * masquerading or not, IPv4-only or dual-stack; one to three containers each, publishing TCP and
 * UDP ports) and packets of either family: what each rule of netagent's tables promises holds.
 */
class ModelTracePropertiesTest {

  /** A generated network: isolated, masquerading, dual-stack; and how many containers it has. */
  record Net(boolean isolated, boolean masquerade, boolean dualStack, int containers) {}

  /** A generated configuration and the text it was read from. */
  record Config(DesiredState state, String yaml) {
    @Override
    public String toString() {
      return yaml;
    }
  }

  @Provide
  Arbitrary<Config> configs() {
    Arbitrary<Net> net = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
        Arbitraries.integers().between(1, 3)).as(Net::new);
    Arbitrary<List<Protocol>> ports = Arbitraries.of(Protocol.TCP, Protocol.UDP).list().ofMaxSize(3);
    return Combinators.combine(net.list().ofMinSize(1).ofMaxSize(3), ports.list().ofSize(9)).as(ModelTracePropertiesTest::config);
  }

  private static Config config(List<Net> nets, List<List<Protocol>> ports) {
    StringBuilder yaml = new StringBuilder("networks:\n");
    for (int i = 0; i < nets.size(); i++) {
      Net n = nets.get(i);
      yaml.append("  - { name: n%d, bridge: nb%d, subnet: 10.8%d.0.0/24, gateway: 10.8%d.0.1, isolate: %s, masquerade: %s%s }\n"
          .formatted(i, i, i, i, n.isolated(), n.masquerade(), n.dualStack() ? ", subnet6: \"fd00:8" + i + "::/64\"" : ""));
    }
    yaml.append("containers:\n");
    int hostPort = 8000;
    int c = 0;
    for (int i = 0; i < nets.size(); i++) {
      for (int j = 0; j < nets.get(i).containers(); j++, c++) {
        yaml.append("  - { name: c%d%d, network: n%d, ip: 10.8%d.0.%d, ports: [".formatted(i, j, i, i, 10 + j));
        List<Protocol> published = ports.get(c);
        for (int k = 0; k < published.size(); k++) {
          yaml.append(k > 0 ? ", " : " ").append("{ host: %d, container: %d, protocol: %s }".formatted(hostPort++, 80 + k, published.get(k)));
        }
        yaml.append(" ] }\n");
      }
    }
    return new Config(ConfigLoader.parse("generated.yaml", yaml.toString(), false).state(), yaml.toString());
  }

  private static List<Step> trace(DesiredState state, IpFamily family, Protocol protocol, String from, String to, int port) {
    Places places = new Places(Optional.of(family), Optional.empty(), Optional.empty(), false);
    Packet packet = Sides.resolve(state, new TraceQuery(protocol, from, to, port), places);
    List<Step> steps = ModelTrace.of(state, packet, places);
    assertThat(steps).extracting(Step::kind).containsExactly(StepKind.values());
    int dropped = steps.stream().map(Step::key).toList().indexOf(ModelTrace.DROPPED);
    if (dropped >= 0) {
      assertThat(steps.subList(dropped, steps.size())).as("after a drop").allMatch(s -> s.key().equals(ModelTrace.DROPPED));
    }
    return steps;
  }

  private static String key(List<Step> steps, StepKind kind) {
    return steps.get(kind.ordinal()).key();
  }

  private static Network networkOf(DesiredState state, Container c) {
    return state.network(c.network()).orElseThrow();
  }

  private static IpFamily family(Network n, boolean ipv6) {
    return ipv6 && n.bridge().ipv6().isPresent() ? IpFamily.IPV6 : IpFamily.IPV4;
  }

  @Property(tries = 300)
  void aPublishedPortFromOutsideReachesItsContainerAndAnUnpublishedOneTheHost(@ForAll("configs") Config config, @ForAll boolean ipv6,
      @ForAll boolean udp) {
    DesiredState state = config.state();
    Protocol protocol = udp ? Protocol.UDP : Protocol.TCP;
    for (Container c : state.containers()) {
      Network n = networkOf(state, c);
      IpFamily family = family(n, ipv6);
      String bridge = n.bridge().name().value();
      for (PublishedPort p : c.published()) {
        List<Step> steps = trace(state, family, p.protocol(), "outside", "host", p.hostPort());
        String target = Packet.endpoint(family == IpFamily.IPV4 ? c.ipv4().orElseThrow().address() : c.ipv6().orElseThrow().address(),
            p.containerPort());
        assertThat(steps).extracting(Step::key).as("%s", config)
            .containsExactly("outside", "any", "dnat " + target, "dev " + bridge, "accept published", "unchanged", "dev " + bridge);
      }
    }
    int unpublished = 9999;
    List<Step> steps = trace(state, IpFamily.IPV4, protocol, "outside", "host", unpublished);
    assertThat(steps).extracting(Step::key).containsExactly("outside", "none", "unchanged", "local", "not forwarded", "unchanged", "local");
  }

  @Property(tries = 300)
  void betweenNetworksIsolationDropsUnlessNeitherIsIsolated(@ForAll("configs") Config config, @ForAll boolean ipv6, @ForAll boolean udp) {
    DesiredState state = config.state();
    for (Container a : state.containers()) {
      for (Container b : state.containers()) {
        Network na = networkOf(state, a);
        Network nb = networkOf(state, b);
        if (na.equals(nb)) {
          continue;
        }
        IpFamily family = ipv6 && na.bridge().ipv6().isPresent() && nb.bridge().ipv6().isPresent() ? IpFamily.IPV6 : IpFamily.IPV4;
        List<Step> steps = trace(state, family, udp ? Protocol.UDP : Protocol.TCP, a.name(), b.name(), 80);
        String isolation = key(steps, StepKind.ISOLATION);
        if (na.isolated() || nb.isolated()) {
          assertThat(isolation).as("%s → %s in %s", a.name(), b.name(), config)
              .isIn("drop isolate " + na.bridge().name().value() + " from", "drop isolate " + nb.bridge().name().value() + " to");
        } else {
          assertThat(isolation).as("%s → %s in %s", a.name(), b.name(), config).startsWith("accept ");
          assertThat(key(steps, StepKind.LEAVES)).isEqualTo("dev " + nb.bridge().name().value());
          boolean masquerades = family == IpFamily.IPV4 ? na.bridge().nat().sourceNat().toString().equals("masquerade")
              : na.bridge().ipv6().orElseThrow().sourceNat().toString().equals("masquerade");
          assertThat(key(steps, StepKind.SOURCE)).as("source of %s → %s", a.name(), b.name()).startsWith(masquerades ? "masquerade " : "unchanged");
        }
      }
    }
  }

  @Property(tries = 300)
  void aContainerReachingItsOwnNetworksPublishedPortThroughTheGatewayIsHairpinned(@ForAll("configs") Config config, @ForAll boolean ipv6) {
    DesiredState state = config.state();
    for (Container server : state.containers()) {
      Network n = networkOf(state, server);
      IpFamily family = family(n, ipv6);
      for (Container client : state.containersOn(n.name())) {
        for (PublishedPort p : server.published()) {
          List<Step> steps = trace(state, family, p.protocol(), client.name(), "host", p.hostPort());
          assertThat(key(steps, StepKind.ISOLATION)).isEqualTo("accept published");
          assertThat(key(steps, StepKind.SOURCE)).as("%s → %s in %s", client.name(), p, config).startsWith("hairpin " + n.bridge().name().value());
        }
      }
    }
  }
}
