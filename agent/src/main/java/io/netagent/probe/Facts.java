package io.netagent.probe;

import io.netagent.kernel.ForeignDrop;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpFamily;
import io.netagent.model.Network;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import io.netagent.observed.Sysctls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel holds that can explain a lost probe packet, read once before probing.
 *
 * @param ipForward {@code net.ipv4.ip_forward} in the host, as read ("unknown" when it could not be)
 * @param ipv6Forwarding {@code net.ipv6.conf.all.forwarding} in the host, as read ("unknown" when it could not be)
 * @param forwardDrops the foreign forward-hook chains that drop
 * @param interfaces the state of each container's interface, by container name
 * @param routeLocalnet each network's bridge's {@code route_localnet}, by network name
 * @param bridges each network's bridge, by network name
 * @param forwarding {@code net.ipv4.conf.DEVICE.forwarding} by device: the bridges and
 *     {@code default} (what the probe link's host end starts with)
 */
public record Facts(String ipForward, String ipv6Forwarding, List<ForeignDrop> forwardDrops, Map<String, Interface> interfaces, Map<String, String> routeLocalnet,
    Map<String, String> bridges, Map<String, String> forwarding) {
  /** A container's interface, as the observation found it. */
  public enum Interface {
    UP("up"),
    DOWN("down"),
    MISSING("missing"),
    NAMESPACE_MISSING("in a namespace that does not exist");

    private final String words;

    Interface(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  /** The device whose forwarding setting a new interface (the probe link's host end) gets. */
  static final String NEW_LINKS = "default";

  public Facts {
    forwardDrops = List.copyOf(forwardDrops);
    interfaces = Map.copyOf(interfaces);
    routeLocalnet = Map.copyOf(routeLocalnet);
    bridges = Map.copyOf(bridges);
    forwarding = Map.copyOf(forwarding);
  }

  /** The devices whose forwarding setting {@link #of} wants, for {@link io.netagent.kernel.DataPlaneProbe#forwarding}. */
  public static List<String> forwardingDevices(DesiredState desired) {
    List<String> devices = new ArrayList<>(List.of(NEW_LINKS));
    desired.networks().forEach(n -> devices.add(n.bridge().name().value()));
    return devices;
  }

  /** The facts of {@code observed} about what {@code desired} declares, with the foreign chains read beside it. */
  public static Facts of(DesiredState desired, ObservedState observed, List<ForeignDrop> forwardDrops, Map<String, String> forwarding) {
    Map<String, Interface> interfaces = new HashMap<>();
    for (Container c : desired.containers()) {
      NamespaceRef ns = c.namespace();
      Interface state = observed.namespace(ns)
          .map(s -> s.link(c.veth().container().name()).map(l -> l.up() ? Interface.UP : Interface.DOWN).orElse(Interface.MISSING))
          .orElse(Interface.NAMESPACE_MISSING);
      interfaces.put(c.name(), state);
    }
    Map<String, String> localnet = new HashMap<>();
    Map<String, String> bridges = new HashMap<>();
    for (Network n : desired.networks()) {
      localnet.put(n.name(), observed.host().sysctl(Sysctls.routeLocalnet(n.bridge().name())).orElse("0"));
      bridges.put(n.name(), n.bridge().name().value());
    }
    return new Facts(observed.host().sysctl(Sysctls.IP_FORWARD).orElse("unknown"),
        observed.host().sysctl(Sysctls.IPV6_FORWARDING).orElse("unknown"), forwardDrops, interfaces, localnet, bridges, forwarding);
  }

  Optional<Interface> interfaceOf(String container) {
    return Optional.ofNullable(interfaces.get(container));
  }

  /** The first foreign chain that drops forwarded traffic of {@code family}. */
  Optional<ForeignDrop> dropOf(IpFamily family) {
    return forwardDrops.stream().filter(d -> d.families().contains(family)).findFirst();
  }

  /**
   * The device a forwarded IPv4 probe's packet enters the host by (the probe link, which starts
   * with {@code default}'s setting, or the network's bridge) when its forwarding is off. IPv6
   * has no such setting per device: only {@code all.forwarding} decides.
   */
  Optional<String> forwardingOffFor(ProbeKind kind, String network, IpFamily family) {
    if (family == IpFamily.IPV6) {
      return Optional.empty();
    }
    String device = kind == ProbeKind.OUTSIDE ? NEW_LINKS : bridges.get(network);
    return Optional.ofNullable(device).filter(d -> "0".equals(forwarding.get(d)));
  }
}
