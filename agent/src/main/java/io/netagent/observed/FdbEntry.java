package io.netagent.observed;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;

/**
 * A bridge forwarding-database entry of the kinds netagent installs. Entries the kernel makes
 * by itself (learned addresses, the interfaces' own MACs, multicast) are not reported.
 *
 * @param device the port the MAC lives behind ({@link Kind#STATIC}), or the bridge itself
 *     ({@link Kind#LOCAL})
 */
public record FdbEntry(InterfaceName device, MacAddress mac, Kind kind) {

  /** Where the bridge delivers frames for the MAC. */
  public enum Kind {
    /** {@code bridge fdb replace MAC dev PORT master static}: behind a port. */
    STATIC,
    /** {@code bridge fdb replace MAC dev BRIDGE self local}: to the bridge itself. */
    LOCAL
  }

  @Override
  public String toString() {
    return mac + (kind == Kind.STATIC ? " behind " : " local on ") + device;
  }
}
