package io.netagent.trace;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.IpSubnet;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6SourceNat;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.Network;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The configuration as one family's nftables table sees it: each network with that family, in
 * the table's order (by bridge name, as the ruleset sorts them), and the ports published over it.
 */
final class FamilyView {
  private final DesiredState desired;
  final IpFamily family;
  final List<Net> networks;

  /** A network's part in this family. */
  record Net(Network network, String bridge, IpSubnet subnet, IpAddress gateway) {
    boolean contains(IpAddress address) {
      return subnet instanceof Ipv4Subnet s4 ? address instanceof Ipv4Address a4 && s4.contains(a4)
          : address instanceof Ipv6Address a6 && ((Ipv6Subnet) subnet).contains(a6);
    }

    /** Whether traffic from the subnet to the outside gets its source rewritten in this family (a masquerade or snat rule). */
    boolean hasSourceNat() {
      return subnet instanceof Ipv4Subnet ? !(network.bridge().nat().sourceNat() instanceof SourceNat.Disabled)
          : !(network.bridge().ipv6().orElseThrow().sourceNat() instanceof Ipv6SourceNat.Disabled);
    }

    boolean masquerades() {
      return subnet instanceof Ipv4Subnet ? network.bridge().nat().sourceNat() instanceof SourceNat.Masquerade
          : network.bridge().ipv6().orElseThrow().sourceNat() instanceof Ipv6SourceNat.Masquerade;
    }

    /** The rules' words for it, as netagent names them: {@code nbr0 10.88.0.0/16}. */
    String where() {
      return bridge + " " + subnet;
    }
  }

  /** A published port of this family, with the container it forwards to. */
  record Published(Protocol protocol, int hostPort, Optional<IpAddress> hostIp, IpAddress containerIp, int containerPort, String container) {
    String describe() {
      String host = hostIp.map(ip -> Packet.endpoint(ip, hostPort)).orElse(String.valueOf(hostPort));
      return protocol + " " + host + " → " + Packet.endpoint(containerIp, containerPort) + " (container " + container + ")";
    }
  }

  FamilyView(DesiredState desired, IpFamily family) {
    this.desired = desired;
    this.family = family;
    this.networks = desired.networks().stream().flatMap(n -> net(n, family).stream()).sorted(Comparator.comparing(Net::bridge)).toList();
  }

  private static Optional<Net> net(Network n, IpFamily family) {
    if (family == IpFamily.IPV4) {
      return n.bridge().ipv4().map(v4 -> new Net(n, n.bridge().name().value(), v4.subnet(), v4.gateway()));
    }
    return n.bridge().ipv6().map(v6 -> new Net(n, n.bridge().name().value(), v6.subnet(), v6.gateway()));
  }

  /** The network whose subnet holds {@code address}. */
  Optional<Net> netOf(IpAddress address) {
    return networks.stream().filter(n -> n.contains(address)).findFirst();
  }

  Optional<Net> netNamed(String name) {
    return networks.stream().filter(n -> n.network().name().equals(name)).findFirst();
  }

  /**
   * The port published for {@code port}/{@code protocol} over this family: over IPv4 the network's
   * {@code NatTable.lookupInbound} (a host port and protocol are published once on the host), over
   * IPv6 the containers' forwardings.
   */
  Optional<Published> lookupInbound(int port, Protocol protocol) {
    if (family == IpFamily.IPV4) {
      for (Net n : networks) {
        Optional<PortMapping> m = n.network().bridge().nat().lookupInbound(port, protocol);
        if (m.isPresent()) {
          PortMapping p = m.get();
          return Optional.of(new Published(protocol, port, p.hostIp().map(IpAddress.class::cast), p.containerIp(), p.containerPort(), owner(p.containerIp())));
        }
      }
      return Optional.empty();
    }
    return desired.containers().stream().flatMap(c -> c.ports6().stream().filter(m -> m.hostPort() == port && m.protocol() == protocol)
        .map(m -> new Published(protocol, port, m.hostIp().map(IpAddress.class::cast), m.containerIp(), m.containerPort(), c.name()))).findFirst();
  }

  private String owner(IpAddress containerIp) {
    return desired.containers().stream().filter(c -> address(c).filter(containerIp::equals).isPresent()).map(Container::name).findFirst()
        .orElse("?");
  }

  /** The container's address of this family. */
  Optional<IpAddress> address(Container c) {
    return family == IpFamily.IPV4 ? c.ipv4().map(a -> a.address()) : c.ipv6().map(a -> a.address());
  }

  Optional<Container> containerAt(IpAddress address) {
    return desired.containers().stream().filter(c -> address(c).filter(address::equals).isPresent()).findFirst();
  }

  Optional<Container> container(String name) {
    return desired.containers().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  List<String> containerNames() {
    return desired.containers().stream().map(Container::name).toList();
  }
}
