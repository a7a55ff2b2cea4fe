package io.netagent.model;

/** The two address families a network may have, each with its own addresses, routes, neighbours and NAT table. */
public enum IpFamily {
  IPV4("IPv4"),
  IPV6("IPv6");

  private final String display;

  IpFamily(String display) {
    this.display = display;
  }

  @Override
  public String toString() {
    return display;
  }
}
