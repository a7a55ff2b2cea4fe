package io.netagent.kernel.nft;

import io.netagent.model.IpAddress;
import io.netagent.model.IpSubnet;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Address;
import io.netagent.model.Ipv6Subnet;
import java.util.function.Function;

/**
 * The two tables netagent owns, {@code ip netagent} and {@code ip6 netagent}: the same objects
 * with the family's name, address type and payload protocol (docs/kernel-facts.md §11E), and
 * what only one of them has.
 */
enum NftFamily {
  IP("ip", "ipv4_addr", Ipv4Address::parse, Ipv4Subnet::parse),
  IP6("ip6", "ipv6_addr", Ipv6Address::parse, Ipv6Subnet::parse);

  /** The table family, which is also the payload protocol of its addresses. */
  final String name;
  final String addressType;
  private final Function<String, ? extends IpAddress> address;
  private final Function<String, ? extends IpSubnet> subnet;

  NftFamily(String name, String addressType, Function<String, ? extends IpAddress> address, Function<String, ? extends IpSubnet> subnet) {
    this.name = name;
    this.addressType = addressType;
    this.address = address;
    this.subnet = subnet;
  }

  /**
   * Whether 127.0.0.0/8 is published (the guard chain and the localhost masquerade): IPv4 has
   * {@code route_localnet} (§4); IPv6 has nothing like it, and ::1 is kept out instead (§11F).
   */
  boolean publishesLoopback() {
    return this == IP;
  }

  IpAddress address(String text) {
    return address.apply(text);
  }

  IpSubnet subnet(String text) {
    return subnet.apply(text);
  }
}
