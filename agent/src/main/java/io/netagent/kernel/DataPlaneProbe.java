package io.netagent.kernel;

import java.util.List;
import java.util.Map;

/**
 * The port through which netagent checks that traffic really flows: it sends packets and
 * captures where each should arrive, without any application in the containers. Implemented by
 * {@code kernel.netlink.NetlinkProbe}; what to send is built from the declared model in
 * {@code io.netagent.probe}.
 */
public interface DataPlaneProbe {

  /**
   * Sets up {@code link} (a throwaway namespace joined to the host by a veth pair, standing in
   * for the outside), sends each packet from where it says and captures it where it says, then
   * removes the link and its namespace, whatever happened. Nothing is sent anywhere but to
   * netagent's networks, the host, its loopback and that namespace.
   *
   * @return one delivery per packet, in order
   */
  List<ProbeDelivery> deliver(ProbeLink link, List<ProbePacket> packets);

  /** The base chains of nftables tables netagent does not own that can drop forwarded traffic; empty when none. */
  List<ForeignDrop> foreignForwardDrops();

  /**
   * {@code net.ipv4.conf.DEVICE.forwarding} in the host for each of {@code devices}, by device
   * ({@code "default"} is what a new interface, such as the probe link's host end, starts with);
   * IPv4 forwards only what arrives on an interface whose setting is 1. A device without the
   * setting (gone) is left out.
   */
  Map<String, String> forwarding(List<String> devices);
}
