package io.netagent.probe;

import io.netagent.kernel.ProbeLink;
import io.netagent.model.Ipv4Address;

/** An address a probe names before the probe link's addresses are chosen: a fixed one, or one end of the link. */
sealed interface Target permits Target.Fixed, Target.LinkHost, Target.LinkOutside {
  Ipv4Address resolve(ProbeLink link);

  static Target of(Ipv4Address address) {
    return new Fixed(address);
  }

  record Fixed(Ipv4Address address) implements Target {
    @Override
    public Ipv4Address resolve(ProbeLink link) {
      return address;
    }

    @Override
    public String toString() {
      return address.toString();
    }
  }

  /** The probe link's host end: a host address reachable from outside. */
  record LinkHost() implements Target {
    @Override
    public Ipv4Address resolve(ProbeLink link) {
      return link.host();
    }

    @Override
    public String toString() {
      return "the host's address";
    }
  }

  /** The probe link's far end, which stands for the outside. */
  record LinkOutside() implements Target {
    @Override
    public Ipv4Address resolve(ProbeLink link) {
      return link.outside();
    }

    @Override
    public String toString() {
      return "outside";
    }
  }
}
