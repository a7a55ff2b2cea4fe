package io.netagent.kernel.nft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.kernel.ForeignDrop;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.IpFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What in other tables can drop forwarded traffic, read from {@code nft -j list ruleset}: each
 * base chain on the forward hook of an {@code ip}, {@code ip6} or {@code inet} table that is not
 * netagent's, with policy drop or a rule whose verdict is drop. nftables runs every table's base
 * chains on a hook and a drop in any of them is final, whatever netagent's own chain accepted
 * (README "Other firewalls"); Docker's {@code table ip filter} chain {@code FORWARD} is the
 * common case.
 */
public final class ForwardDrops {
  private ForwardDrops() {}

  /** The chains, in listing order. */
  public static List<ForeignDrop> in(String listing) {
    JsonNode root;
    try {
      root = NftRuleset.JSON.readTree(listing.isBlank() ? "{}" : listing);
    } catch (JsonProcessingException e) {
      throw new NftablesException("libnftables listed the ruleset as something other than JSON: " + e.getOriginalMessage());
    }
    Map<String, List<String>> chains = new LinkedHashMap<>();
    for (JsonNode entry : root.path("nftables")) {
      JsonNode chain = entry.path("chain");
      if (chain.path("hook").asText().equals("forward") && concerned(chain)) {
        List<String> why = new ArrayList<>();
        if (chain.path("policy").asText().equals("drop")) {
          why.add("policy drop");
        }
        chains.put(key(chain, "name"), why);
      }
      JsonNode rule = entry.path("rule");
      List<String> why = chains.get(key(rule, "chain"));
      if (!rule.isMissingNode() && why != null && rule.path("expr").findParent("drop") != null) {
        why.add("a rule that drops (handle " + rule.path("handle").asText() + ")");
      }
    }
    List<ForeignDrop> result = new ArrayList<>();
    chains.forEach((chain, why) -> {
      if (!why.isEmpty()) {
        result.add(new ForeignDrop(FAMILIES.get(chain.substring(0, chain.indexOf(' '))), "chain " + chain + " (hook forward): "
            + String.join(", ", why)));
      }
    });
    return result;
  }

  /** The traffic each table family sees. */
  private static final Map<String, Set<IpFamily>> FAMILIES =
      Map.of("ip", Set.of(IpFamily.IPV4), "ip6", Set.of(IpFamily.IPV6), "inet", Set.of(IpFamily.IPV4, IpFamily.IPV6));

  private static boolean concerned(JsonNode chain) {
    String family = chain.path("family").asText();
    return FAMILIES.containsKey(family) && !((family.equals("ip") || family.equals("ip6")) && chain.path("table").asText().equals(NftTable.NAME));
  }

  private static String key(JsonNode object, String chainField) {
    return object.path("family").asText() + " " + object.path("table").asText() + " " + object.path(chainField).asText();
  }
}
