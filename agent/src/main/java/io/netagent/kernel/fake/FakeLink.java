package io.netagent.kernel.fake;

import io.netagent.kernel.BridgePort;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
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
}
