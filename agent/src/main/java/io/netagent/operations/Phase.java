package io.netagent.operations;

/**
 * The order operations run in. Removal first, from the outside in (NAT, neighbours, routes,
 * addresses, veths, bridges, namespaces: a packet is never forwarded by half-removed state),
 * then creation from the inside out (namespaces, bridges, veths, link settings, the IPv6
 * settings addresses need, addresses, up,
 * attach, routes, neighbours, sysctls, NAT).
 */
public enum Phase {
  DELETE_NAT,
  REMOVE_NEIGHBOUR,
  REMOVE_ROUTE,
  REMOVE_ADDRESS,
  DELETE_VETH,
  DELETE_LINK,
  DELETE_NAMESPACE,
  CREATE_NAMESPACE,
  CREATE_BRIDGE,
  CREATE_VETH,
  SET_LINK,
  SET_LINK_IPV6,
  ADD_ADDRESS,
  SET_UP,
  ATTACH,
  SET_PORT,
  ADD_ROUTE,
  ADD_NEIGHBOUR,
  SET_SYSCTL,
  REPLACE_NAT
}
