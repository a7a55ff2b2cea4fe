package io.netagent.probe;

import io.netagent.kernel.ProbeLink;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;

/** An address a probe names before the probe link's addresses are chosen: a fixed one, or one end of the link in one family. */
sealed interface Target permits Target.Fixed, Target.LinkHost, Target.LinkOutside {
  IpAddress resolve(ProbeLink link);

  IpFamily family();

  static Target of(IpAddress address) {
    return new Fixed(address);
  }

  record Fixed(IpAddress address) implements Target {
    @Override
    public IpAddress resolve(ProbeLink link) {
      return address;
    }

    @Override
    public IpFamily family() {
      return address.family();
    }

    @Override
    public String toString() {
      return address.toString();
    }
  }

  /** The probe link's host end: a host address reachable from outside. */
  record LinkHost(IpFamily family) implements Target {
    @Override
    public IpAddress resolve(ProbeLink link) {
      return family == IpFamily.IPV4 ? link.host() : link.host6().orElseThrow(() -> new IllegalStateException("the probe link has no IPv6"));
    }

    @Override
    public String toString() {
      return "the host's address";
    }
  }

  /** The probe link's far end, which stands for the outside. */
  record LinkOutside(IpFamily family) implements Target {
    @Override
    public IpAddress resolve(ProbeLink link) {
      return family == IpFamily.IPV4 ? link.outside() : link.outside6().orElseThrow(() -> new IllegalStateException("the probe link has no IPv6"));
    }

    @Override
    public String toString() {
      return "outside";
    }
  }
}
