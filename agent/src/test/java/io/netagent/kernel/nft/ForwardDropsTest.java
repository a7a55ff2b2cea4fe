package io.netagent.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.kernel.ForeignDrop;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.IpFamily;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Foreign forward-hook chains that drop, read from a ruleset listing as libnftables prints it (nft -j list ruleset). */
class ForwardDropsTest {
  private static final String LISTING = """
      {"nftables": [{"metainfo": {"version": "1.1.3", "release_name": "Commodore Bullmoose #4", "json_schema_version": 1}},
       {"table": {"family": "ip", "name": "filter", "handle": 1}},
       {"chain": {"family": "ip", "table": "filter", "name": "FORWARD", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
       {"chain": {"family": "ip", "table": "filter", "name": "DOCKER-USER", "handle": 2}},
       {"rule": {"family": "ip", "table": "filter", "chain": "DOCKER-USER", "handle": 5, "expr": [{"drop": null}]}},
       {"table": {"family": "ip", "name": "netagent", "handle": 2}},
       {"chain": {"family": "ip", "table": "netagent", "name": "forward", "handle": 3, "type": "filter", "hook": "forward", "prio": -10, "policy": "accept"}},
       {"rule": {"family": "ip", "table": "netagent", "chain": "forward", "handle": 9, "expr": [{"drop": null}]}},
       {"table": {"family": "ip6", "name": "netagent", "handle": 6}},
       {"chain": {"family": "ip6", "table": "netagent", "name": "forward", "handle": 3, "type": "filter", "hook": "forward", "prio": -10, "policy": "accept"}},
       {"rule": {"family": "ip6", "table": "netagent", "chain": "forward", "handle": 9, "expr": [{"drop": null}]}},
       {"table": {"family": "inet", "name": "fw", "handle": 3}},
       {"chain": {"family": "inet", "table": "fw", "name": "fwd", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "accept"}},
       {"rule": {"family": "inet", "table": "fw", "chain": "fwd", "handle": 4, "expr": [{"match": {"op": "==", "left": {"ct": {"key": "state"}}, "right": "invalid"}}, {"drop": null}]}},
       {"chain": {"family": "inet", "table": "fw", "name": "in", "handle": 2, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
       {"table": {"family": "ip6", "name": "six", "handle": 4}},
       {"chain": {"family": "ip6", "table": "six", "name": "f", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
       {"table": {"family": "ip", "name": "open", "handle": 5}},
       {"chain": {"family": "ip", "table": "open", "name": "f", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "accept"}},
       {"rule": {"family": "ip", "table": "open", "chain": "f", "handle": 2, "expr": [{"counter": {"packets": 0, "bytes": 0}}]}}
      ]}
      """;

  @Test
  void dropPoliciesAndDropRulesOfForeignForwardChainsWithTheFamiliesTheySee() {
    assertThat(ForwardDrops.in(LISTING)).containsExactly(
        new ForeignDrop(Set.of(IpFamily.IPV4), "chain ip filter FORWARD (hook forward): policy drop"),
        new ForeignDrop(Set.of(IpFamily.IPV4, IpFamily.IPV6), "chain inet fw fwd (hook forward): a rule that drops (handle 4)"),
        new ForeignDrop(Set.of(IpFamily.IPV6), "chain ip6 six f (hook forward): policy drop"));
  }

  @Test
  void anEmptyRulesetDropsNothingAndSomethingElseThanJsonIsAnError() {
    assertThat(ForwardDrops.in("")).isEmpty();
    assertThat(ForwardDrops.in("{\"nftables\": [{\"metainfo\": {}}]}")).isEmpty();
    assertThatThrownBy(() -> ForwardDrops.in("table ip filter {")).isInstanceOf(NftablesException.class).hasMessageContaining("other than JSON");
  }
}
