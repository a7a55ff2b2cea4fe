package io.netagent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.Container;
import io.netagent.model.Ipv4Address;
import java.util.Optional;

/**
 * The result of ADD in the format of the configuration's spec version: the host end and the
 * container's interface (with its sandbox, the namespace path), the container's IPv4 address on
 * the latter with the gateway, the default route, and the configuration's {@code dns} as given.
 * 0.4.0 also writes each address's IP version (SPEC.md, "Result" of each version). An IPv6
 * address is not listed while netagent does not configure it (issue 15), so the result of a
 * container on an IPv6-only network lists no address and no route.
 */
final class CniResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CniResult() {}

  /** @param gateway the network's IPv4 gateway; empty on an IPv6-only network */
  static String of(String cniVersion, Container c, Optional<Ipv4Address> gateway, String sandbox, JsonNode dns) {
    ObjectNode result = JSON.createObjectNode();
    result.put("cniVersion", cniVersion);
    ArrayNode interfaces = result.putArray("interfaces");
    interfaces.addObject().put("name", c.veth().host().name().value()).put("mac", c.veth().host().mac().toString());
    interfaces.addObject().put("name", c.veth().container().name().value()).put("mac", c.veth().container().mac().toString())
        .put("sandbox", sandbox);
    ArrayNode ips = result.putArray("ips");
    ArrayNode routes = result.putArray("routes");
    c.ipv4().ifPresent(cidr -> {
      ObjectNode ip = ips.addObject();
      if (cniVersion.equals("0.4.0")) {
        ip.put("version", "4");
      }
      ip.put("address", cidr.toString()).put("gateway", gateway.orElseThrow().toString()).put("interface", 1);
      routes.addObject().put("dst", "0.0.0.0/0").put("gw", gateway.orElseThrow().toString());
    });
    result.set("dns", dns != null && dns.isObject() ? dns : JSON.createObjectNode());
    return result.toString();
  }
}
