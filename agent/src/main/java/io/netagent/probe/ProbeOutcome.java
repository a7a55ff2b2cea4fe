package io.netagent.probe;

import java.util.Optional;

/**
 * One probe's result: ok, or failed with its likely cause.
 *
 * @param cause empty when the probe passed
 */
public record ProbeOutcome(Probe probe, Optional<String> cause) {
  public boolean ok() {
    return cause.isEmpty();
  }
}
