package io.netagent.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.IpAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * A trace for machines: {@code packet} (protocol, family, from, to, port), {@code steps} (each
 * {@code step}, {@code model} {key, text}, and with the kernel's answer {@code kernel} and
 * {@code agree}), and {@code agree} for the whole when the kernel was asked.
 */
public final class TraceJson {
  private TraceJson() {}

  /** The report as one JSON object, made with {@code json}'s node factory. */
  public static ObjectNode render(TraceReport report, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    ObjectNode packet = root.putObject("packet");
    Packet p = report.packet();
    packet.put("protocol", p.protocol().toString()).put("family", p.family().toString());
    side(packet.putObject("from"), p.from());
    side(packet.putObject("to"), p.to());
    packet.put("port", p.port());
    ArrayNode steps = root.putArray("steps");
    for (int i = 0; i < report.model().size(); i++) {
      Step m = report.model().get(i);
      ObjectNode step = steps.addObject().put("step", m.kind().label());
      step.putObject("model").put("key", m.key()).put("text", m.text());
      int at = i;
      report.kernel().ifPresent(k -> {
        step.putObject("kernel").put("key", k.get(at).key()).put("text", k.get(at).text());
        step.put("agree", TraceReport.agree(m, k.get(at)));
      });
    }
    if (report.kernel().isPresent()) {
      root.put("agree", report.disagreements().isEmpty());
    }
    return root;
  }

  private static void side(ObjectNode node, Side side) {
    node.put("name", side.word()).put("kind", side.kind().name().toLowerCase(Locale.ROOT));
    Optional<IpAddress> address = side.address();
    if (address.isPresent()) {
      node.put("address", address.get().toString());
    } else {
      node.putNull("address");
    }
  }
}
