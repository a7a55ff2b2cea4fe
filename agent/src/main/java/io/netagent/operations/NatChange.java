package io.netagent.operations;

/** One difference between the NAT table in the kernel and the declared one, in words. */
public record NatChange(Action action, String text) {
  @Override
  public String toString() {
    return action.symbol() + " " + text;
  }
}
