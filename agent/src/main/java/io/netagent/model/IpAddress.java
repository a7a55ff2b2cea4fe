package io.netagent.model;

/**
 * An address of either family, where a value may be one or the other (a published port's
 * {@code hostIp}); everything that belongs to one family takes {@link Ipv4Address} or
 * {@link Ipv6Address} itself.
 */
public sealed interface IpAddress permits Ipv4Address, Ipv6Address {

  /** An IPv6 address when the text has a colon, else an IPv4 address (with that family's message when it is neither). */
  static IpAddress parse(String text) {
    return text.indexOf(':') >= 0 ? Ipv6Address.parse(text) : Ipv4Address.parse(text);
  }

  /** {@code 0.0.0.0} or {@code ::}: every address of the family. */
  boolean isUnspecified();

  /** The 4 or 16 network-order bytes, as netlink carries them. */
  byte[] toBytes();

  IpFamily family();
}
