package io.netagent.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.probe.ProbeOutcome;
import java.util.List;

/** Probe results for machines: {@code probes} (kind, network, container, subject, ok, cause) and {@code summary} (ok, failed). */
public final class ProbeJson {
  private ProbeJson() {}

  public static ObjectNode of(List<ProbeOutcome> outcomes) {
    ObjectNode root = Json.PRETTY.createObjectNode();
    ArrayNode probes = root.putArray("probes");
    for (ProbeOutcome o : outcomes) {
      ObjectNode p = probes.addObject();
      p.put("kind", o.probe().kind().toString());
      p.put("network", o.probe().network());
      p.put("container", o.probe().container());
      p.put("subject", o.probe().subject());
      p.put("ok", o.ok());
      p.put("cause", o.cause().orElse(null));
    }
    long failed = outcomes.stream().filter(o -> !o.ok()).count();
    root.putObject("summary").put("ok", outcomes.size() - failed).put("failed", failed);
    return root;
  }
}
