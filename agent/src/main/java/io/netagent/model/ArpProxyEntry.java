package io.netagent.model;


/** An IPv4 address the bridge answers ARP requests for, with the MAC it answers. */
public record ArpProxyEntry(Ipv4Address ip, MacAddress mac) {
  public ArpProxyEntry {
    if (mac.isMulticast() || mac.isZero()) {
      throw new ModelException("ARP proxy MAC " + mac + " must be a unicast address");
    }
  }

  @Override
  public String toString() {
    return ip + " → " + mac;
  }
}
