package io.netagent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.Bridge;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.Container;
import io.netagent.model.IpAddress;
import io.netagent.model.IpCidr;
import io.netagent.model.IpFamily;
import io.netagent.model.IpSubnet;
import java.util.Optional;

/**
 * The result of ADD in the format of the configuration's spec version: the host end and the
 * container's interface (with its sandbox, the namespace path), the container's address of each
 * family its network has on the latter with that family's gateway, IPv4 first, a default route
 * of each family ({@code 0.0.0.0/0}, {@code ::/0}) through its gateway, and the configuration's
 * {@code dns} as given. 0.4.0 also writes each address's IP version (SPEC.md, "Result" of each
 * version).
 */
final class CniResult {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The index in {@code interfaces} of the container's interface, which every address is on. */
  private static final int CONTAINER_INTERFACE = 1;

  private CniResult() {}

  /** @param bridge the bridge of the container's network, whose gateways the container routes through */
  static String of(String cniVersion, Container c, Bridge bridge, String sandbox, JsonNode dns) {
    ObjectNode result = JSON.createObjectNode();
    result.put("cniVersion", cniVersion);
    ArrayNode interfaces = result.putArray("interfaces");
    interfaces.addObject().put("name", c.veth().host().name().value()).put("mac", c.veth().host().mac().toString());
    interfaces.addObject().put("name", c.veth().container().name().value()).put("mac", c.veth().container().mac().toString())
        .put("sandbox", sandbox);
    ArrayNode ips = result.putArray("ips");
    ArrayNode routes = result.putArray("routes");
    c.ipv4().ifPresent(cidr -> add(cniVersion, ips, routes, cidr, bridge.ipv4().map(BridgeIpv4::gateway)));
    c.ipv6().ifPresent(cidr -> add(cniVersion, ips, routes, cidr, bridge.ipv6().map(BridgeIpv6::gateway)));
    result.set("dns", dns != null && dns.isObject() ? dns : JSON.createObjectNode());
    return result.toString();
  }

  /** The address with its gateway, and the default route of its family ({@code 0.0.0.0/0}, {@code ::/0}) through it. */
  private static void add(String cniVersion, ArrayNode ips, ArrayNode routes, IpCidr cidr, Optional<? extends IpAddress> gateway) {
    // A container has an address of a family only on a network with that family, so its bridge has the gateway.
    String via = gateway.orElseThrow().toString();
    ObjectNode ip = ips.addObject();
    if (cniVersion.equals("0.4.0")) {
      ip.put("version", cidr.family() == IpFamily.IPV4 ? "4" : "6");
    }
    ip.put("address", cidr.toString()).put("gateway", via).put("interface", CONTAINER_INTERFACE);
    routes.addObject().put("dst", IpSubnet.any(cidr.family()).toString()).put("gw", via);
  }
}
