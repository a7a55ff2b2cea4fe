package io.netagent.kernel.fake;

import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.BridgePort;
import java.util.ArrayList;
import java.util.List;

/** A link inside the in-memory kernel; mutable, owned by its {@link FakeNamespace}. */
final class FakeLink {
  final int index;
  final InterfaceName name;
  final String kind;
  final List<InterfaceName> altNames = new ArrayList<>();
  MacAddress mac;
  int mtu;
  boolean up;
  /** The bridge it is attached to, or null. */
  FakeLink master;
  String alias;
  int group;
  /** For a veth: the other end and where it lives. */
  FakeLink peer;
  NamespaceRef peerNamespace;
  BridgePort port = BridgePort.DEFAULT;
  /** IFF_LOOPBACK: the namespace's own lo. */
  boolean loopback;
  /**
   * No IPv4 configuration (in_device): the kernel destroys it when the MTU drops below 68
   * (inetdev_event, NETDEV_CHANGEMTU), which only loopback's unbounded MTU allows, and makes it
   * anew, empty, when the MTU is big enough again.
   */
  boolean ipv4Disabled;
  /**
   * No IPv6 configuration (inet6_dev): the kernel destroys it, settings included, when the MTU
   * drops below 1280, and makes it anew from the namespace's defaults at 1280 or more
   * (docs/kernel-facts.md §11A, A7).
   */
  boolean ipv6Destroyed;

  FakeLink(int index, InterfaceName name, String kind, MacAddress mac, int mtu) {
    this.index = index;
    this.name = name;
    this.kind = kind;
    this.mac = mac;
    this.mtu = mtu;
  }

  boolean isBridge() {
    return "bridge".equals(kind);
  }

  /** ARPHRD_ETHER with an address: every link but loopback (and devices without a MAC). */
  boolean isEthernet() {
    return !loopback && mac != null;
  }
}
