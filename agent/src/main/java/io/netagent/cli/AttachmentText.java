package io.netagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An attachment as the API serves it, on one line for people:
 * {@code ID: web on default, 10.88.0.2 (02:42:…) as eth0 in /proc/42/ns/net, host end veth-web, mtu 1500, ports tcp 8080→80; converged},
 * with the ip6 after the ip on a network with IPv6.
 */
final class AttachmentText {
  private AttachmentText() {}

  static String line(JsonNode a) {
    StringBuilder sb = new StringBuilder();
    sb.append(a.path("id").asText()).append(": ").append(a.path("name").asText()).append(" on ").append(a.path("network").asText());
    if (a.path("ip").isTextual()) {
      sb.append(", ").append(a.path("ip").asText()).append(a.path("ipAllocated").asBoolean() ? " (allocated)" : "");
    }
    if (a.path("ip6").isTextual()) {
      sb.append(", ").append(a.path("ip6").asText()).append(a.path("ip6Allocated").asBoolean() ? " (allocated)" : "");
    }
    sb.append(" mac ").append(a.path("mac").asText()).append(" as ").append(a.path("interface").asText()).append(" in ")
        .append(a.path("namespace").asText());
    sb.append(", host end ").append(a.path("hostInterface").asText()).append(", mtu ").append(a.path("mtu").asInt());
    List<String> ports = new ArrayList<>();
    for (JsonNode p : a.path("ports")) {
      String address = p.path("hostIp").asText();
      String hostIp = !p.path("hostIp").isTextual() ? "" : address.contains(":") ? "[" + address + "]:" : address + ":";
      ports.add(p.path("protocol").asText("tcp") + " " + hostIp + p.path("host").asInt() + "→" + p.path("container").asInt());
    }
    if (!ports.isEmpty()) {
      sb.append(", ports ").append(String.join(", ", ports));
    }
    return sb.append("; ").append(a.path("state").asText()).toString();
  }
}
