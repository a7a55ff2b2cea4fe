package io.netagent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.Container;
import io.netagent.model.Ipv4Address;

/**
 * The result of ADD in the format of the configuration's spec version: the host end and the
 * container's interface (with its sandbox, the namespace path), the container's address on the
 * latter with the gateway, the default route, and the configuration's {@code dns} as given.
 * 0.4.0 also writes each address's IP version (SPEC.md, "Result" of each version).
 */
final class CniResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CniResult() {}

  static String of(String cniVersion, Container c, Ipv4Address gateway, String sandbox, JsonNode dns) {
    ObjectNode result = JSON.createObjectNode();
    result.put("cniVersion", cniVersion);
    ArrayNode interfaces = result.putArray("interfaces");
    interfaces.addObject().put("name", c.veth().host().name().value()).put("mac", c.veth().host().mac().toString());
    interfaces.addObject().put("name", c.veth().container().name().value()).put("mac", c.veth().container().mac().toString())
        .put("sandbox", sandbox);
    ObjectNode ip = result.putArray("ips").addObject();
    if (cniVersion.equals("0.4.0")) {
      ip.put("version", "4");
    }
    ip.put("address", c.cidr().toString()).put("gateway", gateway.toString()).put("interface", 1);
    result.putArray("routes").addObject().put("dst", "0.0.0.0/0").put("gw", gateway.toString());
    result.set("dns", dns != null && dns.isObject() ? dns : JSON.createObjectNode());
    return result.toString();
  }
}
