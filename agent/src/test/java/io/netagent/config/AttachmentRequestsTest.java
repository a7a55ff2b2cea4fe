package io.netagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Attachment requests read by the file's rules, checked against what is declared, given an address when they name none. */
class AttachmentRequestsTest {
  private static final DesiredState DECLARED = ConfigLoader.parse("test.yaml", """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, arpProxy: [ { ip: 10.9.0.2, mac: "02:00:00:00:00:02" } ] }
      containers:
        - { name: web, network: n, namespace: web, ip: 10.9.0.3, ports: [ { host: 8080, container: 80 } ] }
      """, false).state();

  private static AttachmentRequestException refused(String body) {
    return catchThrowableOfType(() -> AttachmentRequests.resolve(body, DECLARED, AttachmentRequests.Allocated.NONE),
        AttachmentRequestException.class);
  }

  @Test
  void aRequestWithoutAddressGetsTheLowestFreeOneAndANameFromItsId() {
    AttachmentRequests.Resolved r = AttachmentRequests.resolve("{\"id\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\", "
        + "\"network\": \"n\", \"namespace\": \"/proc/1/ns/net\"}", DECLARED, AttachmentRequests.Allocated.NONE);

    assertThat(r.ipAllocated()).isTrue();
    assertThat(r.container().ipv4().orElseThrow().address()).as("not the network, gateway, ARP proxy or web's address")
        .isEqualTo(Ipv4Address.parse("10.9.0.4"));
    assertThat(r.container().name()).isEqualTo("0123456789ab");
    assertThat(r.container().namespace().display()).isEqualTo("/proc/1/ns/net");
  }

  @Test
  void aRestoredRequestKeepsTheAddressItWasGiven() {
    AttachmentRequests.Resolved r = AttachmentRequests.resolve("{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\"}", DECLARED,
        new AttachmentRequests.Allocated(Optional.of(Ipv4Address.parse("10.9.0.77")), Optional.empty()));

    assertThat(r.container().ipv4().orElseThrow().address()).isEqualTo(Ipv4Address.parse("10.9.0.77"));
  }

  @Test
  void problemsNameTheFieldAndSayWhetherTheyAreClashes() {
    AttachmentRequestException port = refused("{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\", \"ports\": [{\"host\": 8080, \"container\": 1}]}");
    assertThat(port.why()).isEqualTo(AttachmentRequestException.Why.CLASH);
    assertThat(port.problems()).extracting(ConfigProblem::path).containsExactly("ports[0].host");
    assertThat(port.getMessage()).contains("host port 8080/tcp is already published by container web");

    AttachmentRequestException ip = refused("{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\", \"ip\": \"10.9.0.2\"}");
    assertThat(ip.why()).isEqualTo(AttachmentRequestException.Why.INVALID);
    assertThat(ip.problems()).extracting(ConfigProblem::path).containsExactly("ip");

    AttachmentRequestException unknown = refused("{\"id\": \"c\", \"network\": \"nope\", \"namespace\": \"c\"}");
    assertThat(unknown.why()).isEqualTo(AttachmentRequestException.Why.INVALID);
    assertThat(unknown.problems()).as("no address to allocate is not a missing ip").extracting(ConfigProblem::path).containsExactly("network");

    AttachmentRequestException missing = refused("{\"id\": \"c\", \"network\": \"n\"}");
    assertThat(missing.getMessage()).contains("missing required key \"namespace\"");

    AttachmentRequestException create = refused("{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\", \"createNamespace\": true}");
    assertThat(create.problems()).extracting(ConfigProblem::path).containsExactly("createNamespace");

    AttachmentRequestException id = refused("{\"id\": \"../etc\", \"network\": \"n\", \"namespace\": \"c\"}");
    assertThat(id.problems()).extracting(ConfigProblem::path).containsExactly("id");

    assertThat(refused("[1]").getMessage()).contains("must be a JSON object");
    assertThat(refused("  ").getMessage()).contains("the request body is empty");
  }

  @Test
  void aFullNetworkIsItsOwnRefusal() {
    DesiredState tiny = ConfigLoader.parse("test.yaml", """
        networks:
          - { name: n, bridge: br0, subnet: 10.9.0.0/30, gateway: 10.9.0.1 }
        containers:
          - { name: only, network: n, namespace: only, ip: 10.9.0.2 }
        """, false).state();

    AttachmentRequestException full = catchThrowableOfType(() -> AttachmentRequests.resolve(
        "{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\"}", tiny, AttachmentRequests.Allocated.NONE), AttachmentRequestException.class);

    assertThat(full.why()).isEqualTo(AttachmentRequestException.Why.FULL);
    assertThat(full.problems()).extracting(ConfigProblem::path).containsExactly("network");
    assertThat(full.getMessage()).contains("no free address left in network n (10.9.0.0/30)");
  }

  /** A bridge takes at most 1023 ports: the file may not declare more containers on one network, nor a request add one. */
  @Test
  void aNetworkHoldsNoMoreContainersThanItsBridgeTakesPorts() {
    StringBuilder yaml = new StringBuilder("networks:\n  - { name: n, bridge: br0, subnet: 10.9.0.0/16, gateway: 10.9.0.1 }\ncontainers:\n");
    for (int i = 0; i < 1024; i++) {
      yaml.append("  - { name: c").append(i).append(", network: n, ip: 10.9.").append(4 + i / 250).append('.').append(2 + i % 250).append(" }\n");
    }
    ConfigException tooMany = catchThrowableOfType(() -> ConfigLoader.parse("test.yaml", yaml.toString(), false), ConfigException.class);
    assertThat(tooMany.problems()).extracting(ConfigProblem::path).containsExactly("containers[1023].name");
    assertThat(tooMany.getMessage()).contains("network n has 1024 containers; its bridge takes at most 1023");

    String full = yaml.substring(0, yaml.lastIndexOf("  - { name: c1023"));
    DesiredState declared = ConfigLoader.parse("test.yaml", full, false).state();
    AttachmentRequestException refused = catchThrowableOfType(() -> AttachmentRequests.resolve(
        "{\"id\": \"one-more\", \"network\": \"n\", \"namespace\": \"x\"}", declared, AttachmentRequests.Allocated.NONE),
        AttachmentRequestException.class);
    assertThat(refused.why()).isEqualTo(AttachmentRequestException.Why.FULL);
    assertThat(refused.problems()).extracting(ConfigProblem::path).containsExactly("network");
  }

  private static final DesiredState DUAL = ConfigLoader.parse("test.yaml", """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, subnet6: "fd00:9::/64", allocate6: "fd00:9::100/120" }
        - { name: six, bridge: br6, subnet6: "fd00:6::/64" }
      containers:
        - { name: web, network: n, namespace: web, ip: 10.9.0.3, ip6: "fd00:9::100" }
        - { name: v6, network: six, namespace: v6 }
      """, false).state();

  @Test
  void aRequestOnADualStackNetworkGetsAnAddressOfEachFamilyItNamesNone() {
    AttachmentRequests.Resolved both = AttachmentRequests.resolve("{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\"}", DUAL,
        AttachmentRequests.Allocated.NONE);
    AttachmentRequests.Resolved named = AttachmentRequests.resolve(
        "{\"id\": \"d\", \"network\": \"n\", \"namespace\": \"d\", \"ip6\": \"fd00:9::77\"}", DUAL, AttachmentRequests.Allocated.NONE);

    assertThat(both.allocated()).isEqualTo(new AttachmentRequests.Allocated(Optional.of(Ipv4Address.parse("10.9.0.2")),
        Optional.of(Ipv6Address.parse("fd00:9::101"))));
    assertThat(both.container().ipv6().orElseThrow().address()).as("from allocate6, past web's").isEqualTo(Ipv6Address.parse("fd00:9::101"));
    assertThat(named.allocated().ip6()).isEmpty();
    assertThat(named.ipAllocated()).isTrue();
    assertThat(named.container().ipv6().orElseThrow().address()).isEqualTo(Ipv6Address.parse("fd00:9::77"));
    assertThat(AttachmentRequests.resolve("{\"id\": \"e\", \"network\": \"n\", \"namespace\": \"e\", \"ip6\": null}", DUAL,
        AttachmentRequests.Allocated.NONE).allocated().ip6()).as("null is the default").contains(Ipv6Address.parse("fd00:9::101"));
  }

  @Test
  void aRequestOnAnIpv6OnlyNetworkGetsNoIpv4AndARestoredOneKeepsItsIp6() {
    AttachmentRequests.Resolved six = AttachmentRequests.resolve("{\"id\": \"c\", \"network\": \"six\", \"namespace\": \"c\"}", DUAL,
        AttachmentRequests.Allocated.NONE);
    AttachmentRequests.Resolved restored = AttachmentRequests.resolve("{\"id\": \"c\", \"network\": \"six\", \"namespace\": \"c\"}", DUAL,
        new AttachmentRequests.Allocated(Optional.empty(), Optional.of(Ipv6Address.parse("fd00:6::99"))));

    assertThat(six.ipAllocated()).isFalse();
    assertThat(six.container().ipv4()).isEmpty();
    assertThat(six.allocated().ip6()).as("past the file's v6, allocated fd00:6::2").contains(Ipv6Address.parse("fd00:6::3"));
    assertThat(restored.container().ipv6().orElseThrow().address()).isEqualTo(Ipv6Address.parse("fd00:6::99"));
  }

  @Test
  void anIp6TakenOrOfAFamilyTheNetworkLacksIsRefusedAtIp6() {
    AttachmentRequestException taken = catchThrowableOfType(() -> AttachmentRequests.resolve(
        "{\"id\": \"c\", \"network\": \"n\", \"namespace\": \"c\", \"ip6\": \"fd00:9::100\"}", DUAL, AttachmentRequests.Allocated.NONE),
        AttachmentRequestException.class);
    AttachmentRequestException v4 = catchThrowableOfType(() -> AttachmentRequests.resolve(
        "{\"id\": \"c\", \"network\": \"six\", \"namespace\": \"c\", \"ip\": \"10.9.0.9\"}", DUAL, AttachmentRequests.Allocated.NONE),
        AttachmentRequestException.class);

    assertThat(taken.why()).isEqualTo(AttachmentRequestException.Why.CLASH);
    assertThat(taken.problems()).containsExactly(new ConfigProblem("request", 1, 54, "ip6", "address fd00:9::100 is already used by container web"));
    assertThat(v4.why()).isEqualTo(AttachmentRequestException.Why.INVALID);
    assertThat(v4.problems()).containsExactly(new ConfigProblem("request", 1, 55, "ip",
        "ip 10.9.0.9 is an IPv4 address, but network six has no \"subnet\" (it is IPv6-only)"));
  }

  @Test
  void noIp6LeftIsAFullNetwork() {
    DesiredState tiny = ConfigLoader.parse("test.yaml", """
        networks:
          - { name: p2p, bridge: br0, subnet6: "fd00::/127" }
        containers:
          - { name: only, network: p2p, namespace: only }
        """, false).state();

    AttachmentRequestException full = catchThrowableOfType(() -> AttachmentRequests.resolve(
        "{\"id\": \"c\", \"network\": \"p2p\", \"namespace\": \"c\"}", tiny, AttachmentRequests.Allocated.NONE),
        AttachmentRequestException.class);

    assertThat(full.why()).isEqualTo(AttachmentRequestException.Why.FULL);
    assertThat(full.problems()).containsExactly(new ConfigProblem("request", 1, 24, "network",
        "no free IPv6 address left in network p2p (fd00::/127): detach something or name an ip6"));
  }
}
