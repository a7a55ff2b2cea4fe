package io.netagent.trace;

/**
 * The steps of a packet's way through the host, in the order the kernel takes them (prerouting or
 * output, routing, forward, postrouting), each one question both the model and the kernel answer.
 */
public enum StepKind {
  /** Where the packet enters the host: by a network's bridge, from outside, or from the host itself. */
  ENTERS("enters"),
  /** The published port it matches ({@code lookupInbound}: netagent's DNAT maps), or none. */
  PUBLISHED("published port"),
  /** Its destination after DNAT. */
  DESTINATION("destination"),
  /** The route to that destination: delivered to the host, by which bridge, or outside netagent's networks. */
  ROUTE("route"),
  /** The verdict of netagent's forward chain: published, isolated, accepted. */
  ISOLATION("isolation"),
  /** Its source after source NAT ({@code snatRewrite}, hairpin, localhost). */
  SOURCE("source"),
  /** The interface it leaves by, or where it ends. */
  LEAVES("leaves by");

  private final String label;

  StepKind(String label) {
    this.label = label;
  }

  /** The step's name as the text output shows it. */
  public String label() {
    return label;
  }
}
