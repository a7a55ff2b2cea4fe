package io.netagent.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.daemon.AttachmentView;
import io.netagent.daemon.NetworkView;
import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.PublishedPort;
import io.netagent.report.Json;

/**
 * Attachments and networks as the API shows them. The keys of an attachment are those of the
 * request that makes one (plus what netagent chose or knows: hostInterface, mac, mtu,
 * ipAllocated, created, state), so a client can send back what it read. The IPv6 keys (ip6 and
 * ip6Allocated; subnet6, gateway6 and the IPv6 source NAT, masquerade6 and snatTo6, of a network)
 * are there only for what has IPv6, so the answers about IPv4 stay as they were; ip, subnet and
 * gateway are null without IPv4.
 */
final class ViewJson {
  private ViewJson() {}

  static ObjectNode attachment(AttachmentView view) {
    Container c = view.container();
    ObjectNode node = Json.PRETTY.createObjectNode();
    node.put("id", view.id());
    node.put("name", c.name());
    node.put("network", c.network());
    node.put("namespace", c.namespace().display());
    node.put("interface", c.veth().container().name().toString());
    node.put("hostInterface", c.veth().host().name().toString());
    c.ipv4().ifPresentOrElse(a -> node.put("ip", a.address().toString()), () -> node.putNull("ip"));
    c.ipv6().ifPresent(a -> node.put("ip6", a.address().toString()));
    node.put("mac", c.veth().container().mac().toString());
    node.put("mtu", c.veth().container().mtu());
    ArrayNode ports = node.putArray("ports");
    for (PublishedPort p : c.published()) {
      ObjectNode port = ports.addObject();
      port.put("host", p.hostPort());
      port.put("container", p.containerPort());
      port.put("protocol", p.protocol().toString());
      p.hostIp().ifPresentOrElse(ip -> port.put("hostIp", ip.toString()), () -> port.putNull("hostIp"));
    }
    node.put("ipAllocated", view.ipAllocated());
    if (c.ipv6().isPresent()) {
      node.put("ip6Allocated", view.ip6Allocated());
    }
    node.put("created", view.created());
    node.put("state", view.state());
    return node;
  }

  static ObjectNode network(NetworkView view) {
    Bridge bridge = view.network().bridge();
    ObjectNode node = Json.PRETTY.createObjectNode();
    node.put("name", view.network().name());
    node.put("bridge", bridge.name().toString());
    bridge.ipv4().ifPresentOrElse(v4 -> node.put("subnet", v4.subnet().toString()).put("gateway", v4.gateway().toString()),
        () -> node.putNull("subnet").putNull("gateway"));
    bridge.ipv6().ifPresent(v6 -> {
      node.put("subnet6", v6.subnet().toString()).put("gateway6", v6.gateway().toString());
      node.put("masquerade6", v6.sourceNat() instanceof Ipv6SourceNat.Masquerade);
      if (v6.sourceNat() instanceof Ipv6SourceNat.SnatTo snat) {
        node.put("snatTo6", snat.hostIp().toString());
      } else {
        node.putNull("snatTo6");
      }
    });
    node.put("mtu", bridge.mtu());
    view.containers().forEach(node.putArray("containers")::add);
    node.put("state", view.state());
    return node;
  }
}
